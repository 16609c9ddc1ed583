// The team, run by admins: invitations by text, disabling, moving to a new phone, and the
// settings the kitchen reads. Every route is refused to anyone but the right staff (A1).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AcceptedInvitation, Invitation, Team, TicketTimers } from '../../src/contract/team.js';
import { ApiClient } from '../support/api-client.js';
import { aPhone, codeFor, registerCustomer, signedInStaff, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const NEW_PASSWORD = 'purple kettle under moonlight';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type App = Awaited<ReturnType<typeof startSandboxApp>>;

/** An admin invites someone; the text's link and what the admin was told. */
async function invite(app: App, admin: ApiClient, role: 'staff' | 'admin' = 'staff') {
  const phone = aPhone();
  const username = `line-cook-${phone.slice(-6)}`;
  const response = await admin.post('/api/staff/team', { username, phone, role });
  expect(response.status).toBe(201);
  const invitation = Invitation.parse(response.body);
  const [text] = app.sandbox.simulator.sent({ to: phone });
  const token = /\/staff\/invite#(\S+)/.exec(text?.text ?? '')?.[1];
  if (!token) throw new Error(`no invitation link was texted to ${phone}: ${text?.text}`);
  return { invitation, phone, username, token, text: text?.text ?? '' };
}

/** Signs in on the staff surface: the password, then the code texted to `phone`. */
async function staffSignIn(app: App, username: string, password: string, phone: string) {
  const client = new ApiClient(app.baseUrl);
  const signIn = await client.post('/api/staff/authenticate', { username, password });
  if (signIn.status !== 200) return { client, signIn, verified: null };
  const verified = await client.post('/api/staff/authenticate/verify', {
    tfaPin: codeFor(app.sandbox.simulator, phone),
  });
  return { client, signIn, verified };
}

describe('the team', () => {
  it('is for admins only; the settings are read by the kitchen and changed by admins (A1)', async () => {
    const app = await startSandboxApp();
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const cook = await signedInStaff(app, 'staff');
    const someone = '5eed00000000000000000009';
    const adminRoutes = [
      (c: ApiClient) => c.get('/api/staff/team'),
      (c: ApiClient) => c.post('/api/staff/team', { username: 'sous-chef', phone: aPhone(), role: 'admin' }),
      (c: ApiClient) => c.post(`/api/staff/team/${someone}/invitation`, {}),
      (c: ApiClient) => c.request('PUT', `/api/staff/team/${someone}/disabled`, { body: { disabled: true } }),
      (c: ApiClient) => c.request('PUT', `/api/staff/team/${someone}/phone`, { body: { phone: aPhone() } }),
      (c: ApiClient) => c.request('PUT', '/api/staff/settings/status-texts', { body: { statuses: [] } }),
      (c: ApiClient) =>
        c.request('PUT', '/api/staff/settings/ticket-timers', {
          body: { warnAfterMinutes: 1, lateAfterMinutes: 2 },
        }),
    ];
    for (const route of adminRoutes) {
      expect((await route(new ApiClient(app.baseUrl))).status).toBe(401);
      expect((await route(customer.client)).status).toBe(403);
      expect((await route(cook)).status).toBe(403);
    }
    for (const path of ['/api/staff/settings/status-texts', '/api/staff/settings/ticket-timers']) {
      expect((await new ApiClient(app.baseUrl).get(path)).status).toBe(401);
      expect((await customer.client.get(path)).status).toBe(403);
      expect((await cook.get(path)).status).toBe(200);
    }
    expect(await app.store.users.findByUsername({ username: 'sous-chef' })).toBeNull();
    expect(await app.store.audit.list({ limit: 10 })).toEqual([]);
  });

  it('invites a cook by text: the link sets a password once, the first sign-in proves the phone', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const { invitation, phone, username, token, text } = await invite(app, admin);
    expect(invitation).toMatchObject({
      texted: true,
      member: { username, role: 'staff', state: 'invited', phoneVerified: false },
    });
    expect(invitation.link).toBe(`${app.baseUrl}/staff/invite#${token}`);
    expect(text).toContain(`invited you to the team as ${username}`);
    // Until the link is used the account has no password: nothing signs in to it.
    expect((await staffSignIn(app, username, STRONG_PASSWORD, phone)).signIn.status).toBe(401);

    const accepted = await new ApiClient(app.baseUrl).post('/api/staff/invitations/accept', {
      token,
      password: NEW_PASSWORD,
      displayName: 'Robin',
    });
    expect(AcceptedInvitation.parse(accepted.body)).toEqual({ username });
    const again = await new ApiClient(app.baseUrl).post('/api/staff/invitations/accept', {
      token,
      password: 'another fine password',
    });
    expect(again.body).toMatchObject({ status: 410, code: 'invitation_invalid' });

    const { signIn, verified } = await staffSignIn(app, username, NEW_PASSWORD, phone);
    expect(signIn.body).toMatchObject({ next: 'verify_phone' });
    expect(verified?.body).toMatchObject({ stage: 'full', username, role: 'staff' });
    const team = Team.parse((await admin.get('/api/staff/team')).body);
    const member = team.members.find((m) => m.username === username);
    expect(member).toMatchObject({
      state: 'active',
      phoneVerified: true,
      invitationExpiresAt: null,
      displayName: 'Robin',
    });
    expect(member?.phone).toBe(`+${phone.slice(0, 3)}…${phone.slice(-2)}`);
    expect((await app.store.audit.list({ limit: 5 })).map((e) => e.action)).toEqual([
      'staff.accept-invitation',
      'staff.invite',
    ]);
    expect((await app.store.audit.list({ limit: 5 }))[1]).toMatchObject({
      action: 'staff.invite',
      target: invitation.member.id,
      before: null,
      after: { username, role: 'staff', state: 'invited' },
    });
  });

  it('refuses a taken name, an impossible phone, a forged or expired link, and a weak password', async () => {
    let clock = new Date();
    const app = await startSandboxApp({ now: () => clock });
    const admin = await signedInStaff(app, 'admin');
    const { username, token } = await invite(app, admin);
    expect(
      (await admin.post('/api/staff/team', { username, phone: aPhone(), role: 'staff' })).body,
    ).toMatchObject({
      status: 409,
      code: 'username_taken',
    });
    expect(
      (await admin.post('/api/staff/team', { username: 'grill', phone: '12', role: 'staff' })).body,
    ).toMatchObject({ status: 400, code: 'phone_not_supported' });
    expect(
      (await admin.post('/api/staff/team', { username: 'x', phone: aPhone(), role: 'owner' })).status,
    ).toBe(400);

    const anyone = new ApiClient(app.baseUrl);
    const accept = (body: Record<string, unknown>) => anyone.post('/api/staff/invitations/accept', body);
    const [id, secret] = token.split('.') as [string, string];
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect((await accept({ token: forged, password: NEW_PASSWORD })).body).toMatchObject({
      status: 410,
      code: 'invitation_invalid',
    });
    expect((await accept({ token: 'not-a-link', password: NEW_PASSWORD })).status).toBe(400);
    expect((await accept({ token, password: 'password' })).body).toMatchObject({
      status: 400,
      code: 'password_too_common',
    });
    // Three days later the link has ended (the refusals above did not spend it); a new one replaces it.
    clock = new Date(clock.getTime() + 3 * 24 * 3600 * 1000 + 1000);
    expect((await accept({ token, password: NEW_PASSWORD })).body).toMatchObject({
      code: 'invitation_invalid',
    });
    const laterAdmin = await signedInStaff(app, 'admin');
    const member = Team.parse((await laterAdmin.get('/api/staff/team')).body).members.find(
      (m) => m.username === username,
    );
    expect(member?.state).toBe('invitation_expired');
    const renewed = Invitation.parse(
      (await laterAdmin.post(`/api/staff/team/${member?.id}/invitation`, {})).body,
    );
    const newToken = renewed.link.split('#')[1];
    expect(newToken).not.toBe(token);
    expect((await accept({ token: newToken, password: NEW_PASSWORD })).status).toBe(200);
    expect(await app.store.users.findByUsername({ username })).toMatchObject({ invitation: null });
  });

  it('disables an account: signed out at once, refused at sign-in, and enabled again', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const { phone, username, token, invitation } = await invite(app, admin);
    await new ApiClient(app.baseUrl).post('/api/staff/invitations/accept', { token, password: NEW_PASSWORD });
    const { client: cook } = await staffSignIn(app, username, NEW_PASSWORD, phone);
    expect((await cook.get('/api/staff/kitchen/orders')).status).toBe(200);
    const id = invitation.member.id;
    const device = { digest: sha256(cook.cookies.get('device') ?? ''), userId: id };
    expect(await app.store.devices.get(device)).not.toBeNull();

    const disabled = await admin.request('PUT', `/api/staff/team/${id}/disabled`, {
      body: { disabled: true },
    });
    expect(disabled.body).toMatchObject({ state: 'disabled' });
    expect((await cook.get('/api/staff/kitchen/orders')).status).toBe(401);
    // The cook's browser is no longer trusted either (H1).
    expect(await app.store.devices.get(device)).toBeNull();
    const refused = await new ApiClient(app.baseUrl).post('/api/staff/authenticate', {
      username,
      password: NEW_PASSWORD,
    });
    expect(refused.body).toMatchObject({ status: 403, code: 'account_disabled' });
    // A wrong password learns nothing of it.
    expect(
      (await new ApiClient(app.baseUrl).post('/api/staff/authenticate', { username, password: 'wrong one' }))
        .body,
    ).toMatchObject({ status: 401, code: 'invalid_credentials' });

    await admin.request('PUT', `/api/staff/team/${id}/disabled`, { body: { disabled: false } });
    expect((await staffSignIn(app, username, NEW_PASSWORD, phone)).verified?.body).toMatchObject({
      stage: 'full',
    });
    expect((await app.store.audit.list({ limit: 2 })).map((e) => e.action)).toEqual([
      'staff.enable',
      'staff.disable',
    ]);
  });

  it('never leaves the restaurant without an admin, even when two disable each other at once', async () => {
    const app = await startSandboxApp();
    const first = await signedInStaff(app, 'admin');
    const second = await signedInStaff(app, 'admin');
    const team = Team.parse((await first.get('/api/staff/team')).body).members;
    const firstName = ((await first.get('/api/staff/session')).body as { username: string }).username;
    const a = team.find((m) => m.username === firstName);
    const b = team.find((m) => m.username !== firstName);
    if (!a || !b) throw new Error('two admins expected');
    const answers = await Promise.all([
      first.request('PUT', `/api/staff/team/${b.id}/disabled`, { body: { disabled: true } }),
      second.request('PUT', `/api/staff/team/${a.id}/disabled`, { body: { disabled: true } }),
    ]);
    expect(answers.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    // Refused as the last admin, or shut out by the other's change that landed first: its
    // session already revoked (unauthenticated), or caught while its account was disabled —
    // between the disabling and that revocation, or before the other's change was undone as
    // leaving no admin (account_disabled).
    for (const refused of answers.filter((r) => r.status !== 200)) {
      expect((refused.body as { code: string }).code).toMatch(
        /^(staff_change_refused|unauthenticated|account_disabled)$/,
      );
    }
    const admins = await app.store.users.listStaff();
    expect(admins.filter((u) => u.role === 'admin' && !u.disabledAt).length).toBeGreaterThanOrEqual(1);
  });

  it('lets one admin disable another, and only staff accounts are the team', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const other = await signedInStaff(app, 'admin');
    const customer = await registerCustomer(app.baseUrl, app.sandbox.simulator);
    const members = Team.parse((await admin.get('/api/staff/team')).body).members;
    const me = (await admin.get('/api/staff/session')).body as { username: string };
    const them = members.find((m) => m.username !== me.username);
    expect(
      (await admin.request('PUT', `/api/staff/team/${them?.id}/disabled`, { body: { disabled: true } })).body,
    ).toMatchObject({
      state: 'disabled',
    });
    expect((await other.get('/api/staff/team')).status).toBe(401);
    const customerAccount = await app.store.users.findByUsername({ username: customer.username });
    for (const request of [
      admin.request('PUT', `/api/staff/team/${customerAccount?.id}/disabled`, { body: { disabled: true } }),
      admin.request('PUT', `/api/staff/team/${customerAccount?.id}/phone`, { body: { phone: aPhone() } }),
      admin.post(`/api/staff/team/${customerAccount?.id}/invitation`, {}),
    ]) {
      expect((await request).status).toBe(404);
    }
    expect((await customer.client.get('/api/website/orders')).status).toBe(200);
  });

  it('honours only the newest link: a new link, a new phone or disabling ends the previous one', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const anyone = new ApiClient(app.baseUrl);
    const accept = (token: string) =>
      anyone.post('/api/staff/invitations/accept', { token, password: NEW_PASSWORD });

    const first = await invite(app, admin);
    const renewed = Invitation.parse(
      (await admin.post(`/api/staff/team/${first.invitation.member.id}/invitation`, {})).body,
    );
    expect((await accept(first.token)).body).toMatchObject({ status: 410, code: 'invitation_invalid' });

    // The number was mistyped: moving the account texts a new link to the right phone.
    const rightPhone = aPhone();
    const moved = await admin.request('PUT', `/api/staff/team/${first.invitation.member.id}/phone`, {
      body: { phone: rightPhone },
    });
    expect(moved.body).toMatchObject({ state: 'invited', phoneVerified: false });
    const renewedToken = renewed.link.split('#')[1] ?? '';
    expect((await accept(renewedToken)).body).toMatchObject({ code: 'invitation_invalid' });
    const [text] = app.sandbox.simulator.sent({ to: rightPhone });
    const movedToken = /#(\S+)/.exec(text?.text ?? '')?.[1] ?? '';
    expect(movedToken).not.toBe('');

    const second = await invite(app, admin);
    await admin.request('PUT', `/api/staff/team/${second.invitation.member.id}/disabled`, {
      body: { disabled: true },
    });
    expect((await accept(second.token)).body).toMatchObject({ code: 'invitation_invalid' });

    expect((await accept(movedToken)).status).toBe(200);
    expect((await app.store.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'staff.accept-invitation',
      actorName: first.username,
    });
  });

  it('never leaves the restaurant without an enabled admin', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const self = Team.parse((await admin.get('/api/staff/team')).body).members[0];
    const disableSelf = await admin.request('PUT', `/api/staff/team/${self?.id}/disabled`, {
      body: { disabled: true },
    });
    expect(disableSelf.body).toMatchObject({ status: 409, code: 'staff_change_refused' });
    const ownPhone = await admin.request('PUT', `/api/staff/team/${self?.id}/phone`, {
      body: { phone: aPhone() },
    });
    expect(ownPhone.body).toMatchObject({ status: 409, code: 'staff_change_refused' });
    expect((await admin.get('/api/staff/team')).status).toBe(200);
    expect(
      (
        await admin.request('PUT', '/api/staff/team/5eed00000000000000000009/disabled', {
          body: { disabled: true },
        })
      ).status,
    ).toBe(404);
  });

  it('moves an account to a new phone: signed out, and the next sign-in proves the new number', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const { phone, username, token, invitation } = await invite(app, admin);
    await new ApiClient(app.baseUrl).post('/api/staff/invitations/accept', { token, password: NEW_PASSWORD });
    const { client: cook } = await staffSignIn(app, username, NEW_PASSWORD, phone);
    const newPhone = aPhone();
    const moved = await admin.request('PUT', `/api/staff/team/${invitation.member.id}/phone`, {
      body: { phone: newPhone },
    });
    expect(moved.body).toMatchObject({
      phoneVerified: false,
      phone: `+${newPhone.slice(0, 3)}…${newPhone.slice(-2)}`,
    });
    expect((await cook.get('/api/staff/kitchen/orders')).status).toBe(401);
    const before = app.sandbox.simulator.sent({ to: phone }).length;
    const { signIn, verified } = await staffSignIn(app, username, NEW_PASSWORD, newPhone);
    expect(signIn.body).toMatchObject({ next: 'verify_phone' });
    expect(verified?.body).toMatchObject({ stage: 'full' });
    expect(app.sandbox.simulator.sent({ to: phone })).toHaveLength(before);
    expect(await app.store.users.findByUsername({ username })).toMatchObject({ phone: `+${newPhone}` });
    expect((await app.store.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'staff.reset-phone',
      before: { phoneVerified: true },
      after: { phoneVerified: false },
    });
    expect(
      (
        await admin.request('PUT', `/api/staff/team/${invitation.member.id}/phone`, {
          body: { phone: '999' },
        })
      ).body,
    ).toMatchObject({ status: 400, code: 'phone_not_supported' });
  });

  it('sets when tickets turn amber and red, for every board, audited', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin');
    const cook = await signedInStaff(app, 'staff');
    expect(TicketTimers.parse((await cook.get('/api/staff/settings/ticket-timers')).body)).toEqual({
      warnAfterMinutes: 10,
      lateAfterMinutes: 20,
    });
    const put = (body: unknown) => admin.request('PUT', '/api/staff/settings/ticket-timers', { body });
    for (const bad of [
      { warnAfterMinutes: 15, lateAfterMinutes: 15 },
      { warnAfterMinutes: 0, lateAfterMinutes: 5 },
      { warnAfterMinutes: 5, lateAfterMinutes: 500 },
      { warnAfterMinutes: 5.5, lateAfterMinutes: 10 },
      { warnAfterMinutes: 5 },
    ]) {
      expect((await put(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await put({ warnAfterMinutes: 5, lateAfterMinutes: 12 })).body).toEqual({
      warnAfterMinutes: 5,
      lateAfterMinutes: 12,
    });
    expect((await cook.get('/api/staff/settings/ticket-timers')).body).toEqual({
      warnAfterMinutes: 5,
      lateAfterMinutes: 12,
    });
    expect((await app.store.audit.list({ limit: 5 })).map((e) => [e.action, e.before, e.after])).toEqual([
      [
        'settings.ticket-timers',
        { warnAfterMinutes: 10, lateAfterMinutes: 20 },
        { warnAfterMinutes: 5, lateAfterMinutes: 12 },
      ],
    ]);
  });
});
