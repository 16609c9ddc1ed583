// The Vonage adapter against the real Vonage. Costs money and texts a real phone, so it runs
// only on purpose: `npm run test:live` with real credentials and VONAGE_LIVE_TEST_PHONE set,
// never in CI. Without them it says it skipped and why.
import { describe, expect, it } from 'vitest';
import { createVonageComms } from '../../src/server/comms/vonage/index.js';
import { loadConfig } from '../../src/server/config/config.js';
import { IN_CI } from '../support/ci.js';

const config = loadConfig(process.env);
const phone = process.env.VONAGE_LIVE_TEST_PHONE;
const reasonToSkip = IN_CI
  ? 'never in CI'
  : config.comms.mode !== 'vonage'
    ? 'no Vonage credentials (VONAGE_APPLICATION_ID + VONAGE_PRIVATE_KEY, or VONAGE_API_KEY + VONAGE_API_SECRET)'
    : phone === undefined
      ? 'VONAGE_LIVE_TEST_PHONE is not set (a phone you own, in E.164)'
      : undefined;
const hasApplication = config.comms.mode === 'vonage' && config.comms.credentials.applicationId !== undefined;
if (reasonToSkip) console.warn(`\nLIVE VONAGE SUITE SKIPPED: ${reasonToSkip}.\n`);

describe.skipIf(reasonToSkip !== undefined)('the real Vonage', () => {
  const comms =
    config.comms.mode === 'vonage'
      ? createVonageComms({
          kind: 'vonage',
          credentials: config.comms.credentials,
          timeoutMs: config.comms.timeoutMs,
          from: config.comms.from,
          verification: { brand: config.restaurant.name, codeTtlSeconds: 600 },
        })
      : undefined;

  it('sends a code and calls a wrong one wrong (one real SMS)', async () => {
    const started = await comms?.verification.start({ phone: phone ?? '' });
    expect(started?.outcome).toBe('started');
    if (started?.outcome !== 'started') return;
    expect(
      await comms?.verification.check({ verificationId: started.verificationId, code: '000000' }),
    ).toEqual({
      outcome: 'wrong_code',
    });
  });

  // Video needs an application; the article's key-and-secret setup has none.
  it.skipIf(!hasApplication)('opens a video session', async () => {
    expect((await comms?.video.createSession())?.outcome).toBe('created');
  });
});
