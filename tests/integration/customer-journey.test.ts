// The article's customer journey over HTTP, in sandbox mode: register with 15556661234, prove
// the phone with the texted code, order a Hamburger and two Sodas, get the confirmation text.
import { describe, expect, it } from 'vitest';
import { Order } from '../../src/contract/orders.js';
import { ApiClient } from '../support/api-client.js';
import { codeFor, STRONG_PASSWORD } from '../support/customers.js';
import { startSandboxApp } from '../support/sandbox-app.js';

const HAMBURGER = '5eed00000000000000000001';
const SODA = '5eed00000000000000000002';

describe('the article customer journey (sandbox)', () => {
  it('registers with 15556661234, proves the phone, orders and is texted the confirmation', async () => {
    const { baseUrl, sandbox } = await startSandboxApp();
    const client = new ApiClient(baseUrl);

    const registered = await client.post('/api/website/register', {
      username: 'Alice@Example.com',
      password: STRONG_PASSWORD,
      phone: '15556661234',
    });
    expect(registered.status).toBe(202);
    expect(registered.body).toMatchObject({
      next: 'verify_phone',
      stage: 'pending_phone',
      phoneHint: '•••• 34',
    });
    const setCookie = registered.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sid=[\w-]{22}; /);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/);
    const pendingCookie = client.sessionCookie;
    // The session id never appears in a body; the verification id never leaves the server.
    expect(JSON.stringify(registered.body)).not.toContain(pendingCookie);
    expect(JSON.stringify(registered.body)).not.toMatch(/request_?id|verification/i);

    const code = codeFor(sandbox.simulator, '15556661234');
    const verified = await client.post('/api/website/authenticate/verify', { tfaPin: code });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ stage: 'full', username: 'alice@example.com' });
    expect(client.sessionCookie).toBeDefined();
    expect(client.sessionCookie).not.toBe(pendingCookie);
    // The browser is now a trusted device (H1): its own cookie, for this site only, for 90 days.
    const deviceCookie = verified.headers.getSetCookie().find((line) => line.startsWith('device='));
    expect(deviceCookie).toMatch(/^device=[\w-]{22}; /);
    expect(deviceCookie).toMatch(/HttpOnly/);
    expect(deviceCookie).toMatch(/SameSite=Strict/);
    expect(deviceCookie).toMatch(/Path=\//);
    expect(deviceCookie).not.toMatch(/Domain=/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(deviceCookie ?? '')?.[1] ?? '');
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(90);
    expect(JSON.stringify(verified.body)).not.toContain(client.cookies.get('device') ?? 'no device');

    const ordered = await client.order([
      { id: HAMBURGER, quantity: 1 },
      { id: SODA, quantity: 2 },
    ]);
    expect(ordered.status).toBe(201);
    const order = Order.parse(ordered.body);
    expect(order).toMatchObject({ total: 1393, status: 'received' });
    expect(order.charges).toEqual({ subtotal: 1393, tax: 0, taxIncluded: false, payment: 'pay_at_pickup' });
    expect(order.items).toEqual([
      { itemId: HAMBURGER, name: 'Hamburger', unitPrice: 995, quantity: 1, note: null, options: [] },
      { itemId: SODA, name: 'Soda', unitPrice: 199, quantity: 2, note: null, options: [] },
    ]);
    expect(ordered.headers.get('location')).toBe(`/api/website/orders/${order.id}`);

    await expect
      .poll(() => sandbox.simulator.sent({ to: '15556661234' }).find((m) => m.kind === 'message')?.text, {
        timeout: 5000,
      })
      .toMatch(
        new RegExp(
          `^Von Appétit: order #${order.number} received, ready around (?:\\w{3} \\w{3} \\d{1,2} )?\\d{1,2}:\\d\\d [AP]M\\. Pay at pickup, total \\$13\\.93\\. Reply HERE when you arrive\\.$`,
        ),
      );
    // The carrier's delivery report comes back through the signed webhook onto the order.
    await expect
      .poll(async () => (await client.get(`/api/website/orders/${order.id}`)).body.confirmation, {
        timeout: 5000,
      })
      .toEqual({ status: 'sent', delivery: 'delivered' });
  });

  it('sets both cookies with the __Host- prefix and Secure over HTTPS (S1, H1)', async () => {
    const { baseUrl, sandbox } = await startSandboxApp({ env: { COOKIE_SECURE: 'true' } });
    const client = new ApiClient(baseUrl);
    const registered = await client.post('/api/website/register', {
      username: 'secure@example.com',
      password: STRONG_PASSWORD,
      phone: '15556661299',
    });
    expect(registered.headers.get('set-cookie')).toMatch(/^__Host-sid=[\w-]{22}; .*Secure/);
    const verified = await client.post('/api/website/authenticate/verify', {
      tfaPin: codeFor(sandbox.simulator, '15556661299'),
    });
    expect(verified.body).toMatchObject({ stage: 'full' });
    const cookies = verified.headers.getSetCookie();
    expect(cookies.find((line) => line.startsWith('__Host-sid='))).toMatch(/Secure/);
    const device = cookies.find((line) => line.startsWith('__Host-device='));
    expect(device).toMatch(/^__Host-device=[\w-]{22}; /);
    for (const attribute of [/Secure/, /HttpOnly/, /SameSite=Strict/, /Path=\//])
      expect(device).toMatch(attribute);
    expect(device).not.toMatch(/Domain=/);
  });
});
