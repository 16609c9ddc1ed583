import { describe, expect, it } from 'vitest';
import { createOutbox, OUTBOX_KEEPS } from '../../src/vonage-sim/outbox.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the simulator outbox', () => {
  it(`remembers the newest ${OUTBOX_KEEPS} messages, newest first, so a sandbox left running stays small`, () => {
    const outbox = createOutbox(quiet);
    const at = new Date('2026-11-28T12:00:00Z');
    for (let i = 1; i <= OUTBOX_KEEPS + 5; i += 1) {
      outbox.record(
        { id: `m${i}`, kind: 'message', channel: 'sms', to: '15556661234', text: `text ${i}`, at },
        i === OUTBOX_KEEPS + 5 ? '1234' : undefined,
      );
    }
    const kept = outbox.list();
    expect(kept).toHaveLength(OUTBOX_KEEPS);
    expect(kept[0]?.id).toBe(`m${OUTBOX_KEEPS + 5}`);
    expect(kept.at(-1)?.id).toBe('m6');
    expect(outbox.lastCode('+15556661234')).toBe('1234');
  });
});
