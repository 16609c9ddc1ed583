// The admins' end-of-day report over HTTP, on the store the run names: a seeded day in New York
// whose figures were worked out by hand, including the days the clocks change (23 and 25 hours),
// and its orders as a CSV file. Kitchen-role staff are refused.
import { describe, expect, it } from 'vitest';
import { SalesReport } from '../../src/contract/reports.js';
import type { ChosenOption } from '../../src/server/domain/menu.js';
import type { NewOrder, OrderStatus } from '../../src/server/domain/order.js';
import { signedInStaff } from '../support/customers.js';
import { anOrder } from '../support/factories.js';
import { startSandboxApp } from '../support/sandbox-app.js';

type SandboxApp = Awaited<ReturnType<typeof startSandboxApp>>;

const HAMBURGER = '5eed00000000000000000001';
const SODA = '5eed00000000000000000002';
const LARGE = { id: 'large', group: 'Size', kind: 'choice' as const, name: 'Large', price: 100 };
const NO_ONIONS = { id: 'no-onions', group: 'Remove', kind: 'removal' as const, name: 'no onions', price: 0 };
const at = (iso: string) => new Date(iso);

/** An order placed at `placed`, moved through `steps` (status and when), with its money and pickup. */
function seeded(
  number: string,
  placed: string,
  lines: NewOrder['items'],
  money: { subtotal: number; tax: number },
  steps: [OrderStatus, string][] = [],
  pickup: { name?: string; scheduledFor?: string; prepareFrom?: string; told: string } | null = null,
): NewOrder {
  const history = [
    { status: 'received' as OrderStatus, at: at(placed) },
    ...steps.map(([s, when]) => ({ status: s, at: at(when) })),
  ];
  return anOrder('0123456789abcdef01234567', {
    number,
    items: lines,
    orderTime: at(placed),
    lastUpdated: history.at(-1)?.at ?? at(placed),
    status: history.at(-1)?.status ?? 'received',
    statusHistory: history,
    total: money.subtotal + money.tax,
    charges: { ...money, taxIncluded: false, payment: 'pay_at_pickup' },
    pickup: pickup && {
      name: pickup.name ?? 'dora',
      scheduledFor: pickup.scheduledFor ? at(pickup.scheduledFor) : null,
      prepareFrom: at(pickup.prepareFrom ?? placed),
      readyBy: at(pickup.told),
      readyBySetByHand: false,
      toldReadyBy: at(pickup.told),
      note: null,
    },
  });
}

const burger = (quantity: number, options: ChosenOption[] = []) => ({
  itemId: HAMBURGER,
  name: 'Hamburger',
  unitPrice: 995 + options.reduce((sum, o) => sum + o.price, 0),
  quantity,
  ...(options.length > 0 ? { options } : {}),
});
const soda = (quantity: number) => ({ itemId: SODA, name: 'Soda', unitPrice: 199, quantity });

/**
 * Sunday 8 March 2026 in New York: midnight is 05:00Z, the clocks jump from 2:00 to 3:00, and the
 * next midnight is 04:00Z, 23 hours later. Orders #1 and #7 fall just outside it.
 */
const SPRING_DAY = [
  seeded('1', '2026-03-08T04:30:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
  seeded(
    '2',
    '2026-03-08T05:10:00Z',
    [burger(2, [LARGE]), soda(1)],
    { subtotal: 2389, tax: 191 },
    [
      ['preparing', '2026-03-08T05:12:00Z'],
      ['ready', '2026-03-08T05:22:00Z'],
      ['completed', '2026-03-08T05:30:00Z'],
    ],
    { told: '2026-03-08T05:25:00Z' },
  ),
  seeded(
    '3',
    '2026-03-08T16:00:00Z',
    [soda(3)],
    { subtotal: 597, tax: 48 },
    [['cancelled', '2026-03-08T16:02:00Z']],
    { told: '2026-03-08T16:15:00Z' },
  ),
  seeded(
    '4',
    '2026-03-08T16:05:00Z',
    [burger(1, [NO_ONIONS])],
    { subtotal: 995, tax: 80 },
    [
      ['preparing', '2026-03-08T16:46:00Z'],
      ['ready', '2026-03-08T16:53:00Z'],
      ['completed', '2026-03-08T17:02:00Z'],
    ],
    {
      scheduledFor: '2026-03-08T17:00:00Z',
      prepareFrom: '2026-03-08T16:45:00Z',
      told: '2026-03-08T17:00:00Z',
    },
  ),
  seeded('5', '2026-03-08T16:10:00Z', [soda(2)], { subtotal: 398, tax: 32 }, [], {
    name: '=HYPERLINK("x")',
    told: '2026-03-08T16:25:00Z',
  }),
  seeded(
    '6',
    '2026-03-09T03:50:00Z',
    [burger(1)],
    { subtotal: 995, tax: 80 },
    [
      ['preparing', '2026-03-09T03:52:00Z'],
      ['ready', '2026-03-09T04:10:00Z'],
      ['completed', '2026-03-09T04:15:00Z'],
    ],
    { told: '2026-03-09T04:05:00Z' },
  ),
  seeded('7', '2026-03-09T04:10:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
];

/**
 * Sunday 1 November 2026: midnight is 04:00Z, 1:30 comes twice (05:30Z and 06:30Z), and the
 * next midnight is 05:00Z, 25 hours later.
 */
const FALL_DAY = [
  seeded('11', '2026-11-01T03:50:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
  seeded('12', '2026-11-01T05:30:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
  seeded('13', '2026-11-01T06:30:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
  seeded('14', '2026-11-02T04:30:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
  seeded('15', '2026-11-02T05:10:00Z', [soda(1)], { subtotal: 199, tax: 16 }),
];

async function aRestaurantInNewYork(): Promise<SandboxApp> {
  const app = await startSandboxApp({ env: { TIME_ZONE: 'America/New_York' } });
  for (const order of [...SPRING_DAY, ...FALL_DAY]) await app.store.orders.add({ order });
  return app;
}

describe('the end-of-day report', () => {
  it('adds up a 23-hour day as worked out by hand', async () => {
    const app = await aRestaurantInNewYork();
    const admin = await signedInStaff(app, 'admin');
    const answer = await admin.get('/api/staff/reports/sales?from=2026-03-08');
    expect(answer.status).toBe(200);
    const report = SalesReport.parse(answer.body);
    expect(report).toEqual({
      from: '2026-03-08',
      to: '2026-03-08',
      timeZone: 'America/New_York',
      hours: 23,
      orders: 4,
      cancelled: 1,
      revenue: { subtotal: 4777, tax: 383, total: 5160 },
      dishes: [
        {
          name: 'Hamburger',
          quantity: 4,
          sales: 4180,
          options: [
            { name: 'Large', quantity: 2 },
            { name: 'no onions', quantity: 1 },
          ],
        },
        { name: 'Soda', quantity: 3, sales: 597, options: [] },
      ],
      // #2: 12 minutes; #4: 8 from its start (16:45), not from when it was placed; #6: 20.
      readyTimes: { measured: 3, averageMinutes: 13.3, p90Minutes: 20 },
      // #6 was ready at 04:10, five minutes after the time its customer was told.
      late: { measured: 3, late: 1, share: 1 / 3 },
      slots: [
        { start: '2026-03-08T05:00:00.000Z', orders: 1 },
        { start: '2026-03-08T16:00:00.000Z', orders: 2 },
        { start: '2026-03-09T03:45:00.000Z', orders: 1 },
      ],
      busiest: [
        { start: '2026-03-08T16:00:00.000Z', orders: 2 },
        { start: '2026-03-08T05:00:00.000Z', orders: 1 },
        { start: '2026-03-09T03:45:00.000Z', orders: 1 },
      ],
    });
  });

  it('counts a 25-hour day with both 1:30s, and a range of days', async () => {
    const app = await aRestaurantInNewYork();
    const admin = await signedInStaff(app, 'admin');
    const fall = SalesReport.parse((await admin.get('/api/staff/reports/sales?from=2026-11-01')).body);
    expect(fall).toMatchObject({ hours: 25, orders: 3, cancelled: 0 });
    expect(fall.slots.map((s) => s.start)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-02T04:30:00.000Z',
    ]);
    const week = SalesReport.parse(
      (await admin.get('/api/staff/reports/sales?from=2026-10-26&to=2026-11-01')).body,
    );
    expect(week).toMatchObject({ hours: 7 * 24 + 1, orders: 4 });
  });

  it('gives the orders as a CSV file: one header row, one row per order, formulas defused', async () => {
    const app = await aRestaurantInNewYork();
    const admin = await signedInStaff(app, 'admin');
    const answer = await admin.get('/api/staff/reports/sales.csv?from=2026-03-08');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="orders-2026-03-08.csv"');
    // (Its byte order mark, for Excel, is read away by the decoder: see tests/unit/report.test.ts.)
    const rows = (answer.body as unknown as string).trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 5);
    expect(rows[0]).toBe('Order,Placed,Status,Name,Items,Subtotal,Tax,Total,Ready,Minutes to ready,Late');
    expect(rows[1]).toBe(
      '2,2026-03-08 00:10,completed,dora,2 × Hamburger (Large); 1 × Soda,23.89,1.91,25.80,2026-03-08 00:22,12,no',
    );
    expect(rows[4]).toBe(`5,2026-03-08 12:10,received,"'=HYPERLINK(""x"")",2 × Soda,3.98,0.32,4.30,,,`);
    // Placed at 23:50 on the wall clock, after the clocks sprang forward.
    expect(rows[5]).toMatch(/^6,2026-03-08 23:50,completed,/);
  });

  it('refuses kitchen-role staff, and says what is wrong with a range', async () => {
    const app = await aRestaurantInNewYork();
    const cook = await signedInStaff(app, 'staff');
    expect((await cook.get('/api/staff/reports/sales?from=2026-03-08')).body).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    const admin = await signedInStaff(app, 'admin');
    expect((await admin.get('/api/staff/reports/sales?from=2026-03-08&to=2026-03-01')).body).toMatchObject({
      code: 'validation_failed',
      detail: 'The last day must not come before the first.',
    });
    expect((await admin.get('/api/staff/reports/sales?from=2026-01-01&to=2026-03-01')).body).toMatchObject({
      code: 'validation_failed',
      detail: 'Choose at most 31 days for one report.',
    });
    expect((await admin.get('/api/staff/reports/sales?from=yesterday')).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
  });
});
