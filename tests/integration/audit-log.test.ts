// The audit log over HTTP: admins page through it, filtered by the staff page a change was made
// on and by who made it; nobody else reads it.
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/contract/menu-admin.js';
import { signedInStaff } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

describe('the audit log', () => {
  it('pages through the changes of one page and one person, newest first', async () => {
    const app = await startSandboxApp();
    const admin = await signedInStaff(app, 'admin', 'owner');
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
    const changes: [string, string][] = [
      ['menu.update', 'owner'],
      ['staff.invite', 'owner'],
      ['menu.sold-out', 'sam'],
      ['menu.add', 'owner'],
      ['settings.ticket-timers', 'owner'],
      ['menu.delete', 'owner'],
    ];
    for (const [minute, [action, actorName]] of changes.entries()) {
      await app.store.audit.add({
        entry: {
          at: at(minute),
          actorId: '0123456789abcdef01234567',
          actorName,
          action,
          target: 'x',
          before: null,
          after: { name: action },
        },
      });
    }
    const page = async (query: string) => AuditLog.parse((await admin.get(`/api/staff/audit?${query}`)).body);

    const first = await page('area=menu&actor=owner&limit=2');
    expect(first.entries.map((e) => e.action)).toEqual(['menu.delete', 'menu.add']);
    expect(first.nextBefore).not.toBeNull();
    const second = await page(`area=menu&actor=owner&limit=2&before=${first.nextBefore ?? ''}`);
    expect(second.entries.map((e) => e.action)).toEqual(['menu.update']);
    expect(second.nextBefore).toBeNull();
    expect((await page('actor=sam')).entries.map((e) => e.action)).toEqual(['menu.sold-out']);
    expect((await page('area=team')).entries.map((e) => e.action)).toEqual(['staff.invite']);
    expect((await admin.get('/api/staff/audit?area=kitchen')).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
    const cook = await signedInStaff(app, 'staff');
    expect((await cook.get('/api/staff/audit')).body).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
