// Who a username names: one account per spelling under Unicode case folding (H2), including the
// accounts stored before that rule, which are folded once at start-up and never merged.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { aPhone, addAccount, codeFor, registerCustomer, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';
import { createTestDatabase, openTestStore } from '../support/test-store.js';
import { loadConfig } from '../../src/server/config/config.js';

type App = Awaited<ReturnType<typeof startSandboxApp>>;

/** Signs in with `username` typed as given; the answer to the code step, or the refusal. */
async function signIn(app: App, typed: string, phone: string) {
  const client = new ApiClient(app.baseUrl);
  const password = await client.post('/api/website/authenticate', {
    username: typed,
    password: STRONG_PASSWORD,
  });
  if (password.status !== 200) return password.body;
  return (
    await client.post('/api/website/authenticate/verify', { tfaPin: codeFor(app.sandbox.simulator, phone) })
  ).body;
}

describe('usernames', () => {
  it('are one account for every spelling that differs only by Unicode case (H2)', async () => {
    const app = await startSandboxApp();
    for (const [first, second] of [
      ['straßenwv', 'STRASSENWV'],
      ['σοφοσ', 'ΣΟΦΟΣ'],
      ['ｔａｂｌｅ７', 'TABLE7'],
    ] as const) {
      const owner = await registerCustomer(app.baseUrl, app.sandbox.simulator, { username: first });
      // The same name in other letters is taken: said once the phone is proven, as for any name.
      const other = new ApiClient(app.baseUrl);
      const phone = aPhone();
      const registered = await other.post('/api/website/register', {
        username: second,
        password: STRONG_PASSWORD,
        phone,
      });
      expect(registered.status).toBe(202);
      const verified = await other.post('/api/website/authenticate/verify', {
        tfaPin: codeFor(app.sandbox.simulator, phone),
      });
      expect(verified.body).toMatchObject({ status: 409, code: 'username_taken' });
      // The owner signs in typing either spelling.
      for (const typed of [first, second]) {
        expect(await signIn(app, typed, owner.phone)).toMatchObject({ stage: 'full' });
      }
    }
  });

  it('folds the spellings stored before the rule once at start-up, merging no two accounts (H2)', async () => {
    const database = await createTestDatabase();
    const seeding = openTestStore(loadConfig({ NODE_ENV: 'test', ...database.env }));
    await seeding.whenReady();
    const phones = { capitals: aPhone(), older: aPhone(), newer: aPhone(), typed: aPhone(), lower: aPhone() };
    // As the original app stored them (as typed), and two that fold alike.
    await addAccount(seeding, { username: 'Alice.Original', phone: phones.capitals, role: 'customer' });
    await addAccount(seeding, { username: 'straße', phone: phones.older, role: 'customer' });
    await addAccount(seeding, { username: 'strasse', phone: phones.newer, role: 'customer' });
    // The original app let `Bob` and `bob` be two accounts.
    await addAccount(seeding, { username: 'Bob.Original', phone: phones.typed, role: 'customer' });
    await addAccount(seeding, { username: 'bob.original', phone: phones.lower, role: 'customer' });
    await seeding.close();

    const app = await startSandboxApp({ database });
    await expect.poll(async () => (await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
    const stored = await app.store.users.listUsernames({ afterId: null, limit: 10 });
    expect(new Set(stored.map((u) => u.username))).toEqual(
      new Set(['alice.original', 'straße', 'strasse', 'Bob.Original', 'bob.original']),
    );
    // The pair is named for an admin, by account id, at error level.
    const older = stored.find((u) => u.username === 'straße');
    const newer = stored.find((u) => u.username === 'strasse');
    expect(app.logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 50, userId: older?.id, sameNameAs: newer?.id }),
      ]),
    );
    // Each keeps signing in to its own account; the original app's account by any case.
    expect(await signIn(app, 'ALICE.ORIGINAL', phones.capitals)).toMatchObject({ stage: 'full' });
    expect(await signIn(app, 'straße', phones.older)).toMatchObject({ stage: 'full' });
    expect(await signIn(app, 'STRASSE', phones.newer)).toMatchObject({ stage: 'full' });
    expect(await signIn(app, 'Bob.Original', phones.typed)).toMatchObject({ stage: 'full' });
    expect(await signIn(app, 'bob.original', phones.lower)).toMatchObject({ stage: 'full' });
    await database.drop();
  });
});
