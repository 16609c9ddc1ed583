// The admins' end-of-day report: the orders placed in a range of local days, added up by the
// domain (domain/report.ts), and the same orders as a spreadsheet.
import { RefusedError } from '../domain/errors.js';
import type { Order } from '../domain/order.js';
import {
  daysCovered,
  REPORT_MAX_DAYS,
  reportCsv,
  reportSpan,
  salesReport,
  type SalesReport,
} from '../domain/report.js';
import type { Store } from '../ports/store.js';

/** The most orders one report reads: past it, the admin is asked for fewer days. */
export const REPORT_ORDER_LIMIT = 20_000;

export interface ReportRange {
  from: string;
  to?: string | undefined;
}

export interface ReportsService {
  sales(range: ReportRange): Promise<SalesReport>;
  /** The range's orders, one CSV row each, and a file name for them. */
  csv(range: ReportRange): Promise<{ fileName: string; body: string }>;
}

export function createReportsService(deps: { store: Store; timeZone: string }): ReportsService {
  const { store, timeZone } = deps;

  async function ordersOf(range: ReportRange): Promise<{ from: string; to: string; orders: Order[] }> {
    const from = range.from;
    const to = range.to ?? range.from;
    const days = daysCovered(from, to);
    if (days < 1) throw new RefusedError('validation_failed', 'The last day must not come before the first.');
    if (days > REPORT_MAX_DAYS) {
      throw new RefusedError('validation_failed', `Choose at most ${REPORT_MAX_DAYS} days for one report.`);
    }
    const { start, end } = reportSpan(from, to, timeZone);
    const orders = await store.orders.listPlacedBetween({
      from: start,
      to: end,
      limit: REPORT_ORDER_LIMIT + 1,
    });
    if (orders.length > REPORT_ORDER_LIMIT) {
      throw new RefusedError(
        'validation_failed',
        'These days hold too many orders for one report: choose fewer days.',
      );
    }
    return { from, to, orders };
  }

  return {
    async sales(range) {
      const { from, to, orders } = await ordersOf(range);
      return salesReport({ from, to, timeZone }, orders);
    },
    async csv(range) {
      const { from, to, orders } = await ordersOf(range);
      const fileName = from === to ? `orders-${from}.csv` : `orders-${from}-to-${to}.csv`;
      return { fileName, body: reportCsv(orders, timeZone) };
    },
  };
}
