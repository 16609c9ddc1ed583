// Sandbox mode end to end: texts sent through the real SDK land in the dev inbox, and the
// simulator's signed delivery webhooks are accepted by the app's own webhook route.
import { describe, expect, it } from 'vitest';
import { InboxMessages } from '../../src/contract/dev-inbox.js';
import { startSandboxApp } from '../support/sandbox-app.js';

describe('sandbox mode', () => {
  it('shows a code sent through the Vonage adapter in the dev inbox', async () => {
    const { baseUrl, comms } = await startSandboxApp();
    const started = await comms.verification.start({ phone: '+15556661234' });
    expect(started.outcome).toBe('started');
    const inbox = InboxMessages.parse(
      await (await fetch(`${baseUrl}/dev/inbox/messages?to=15556661234`)).json(),
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ to: '+15556661234', kind: 'verify-code' });
    expect(inbox[0]?.text).toMatch(/Von Appétit: your code is \d{6}/);
  });

  it("accepts the simulator's signed delivery report for a text message", async () => {
    const { baseUrl, comms, logs } = await startSandboxApp();
    const sent = await comms.sms.send({
      to: '+15556661234',
      text: 'Von Appétit: order #101 received, total $13.93',
    });
    expect(sent.outcome).toBe('accepted');
    // The webhook arrives a moment later, signed with the sandbox's secret, and is accepted.
    await expect
      .poll(
        async () =>
          InboxMessages.parse(await (await fetch(`${baseUrl}/dev/inbox/messages?to=15556661234`)).json())[0]
            ?.status,
        { timeout: 5000 },
      )
      .toBe('delivered');
    await expect
      .poll(() => logs.find((line) => line.msg === 'message status for no known notification: ignored'), {
        timeout: 5000,
      })
      .toMatchObject({ messageId: sent.outcome === 'accepted' ? sent.messageId : '', status: 'delivered' });
    expect(logs.some((line) => line.msg === 'webhook refused: signature not valid')).toBe(false);
  });
});
