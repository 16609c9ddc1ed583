// The end-of-day report's own rules: days by the restaurant's wall clock, the 90th percentile by
// nearest rank, and a CSV a spreadsheet opens as UTF-8 without running anything in it.
import { describe, expect, it } from 'vitest';
import { percentile90, reportCsv, reportSpan } from '../../src/server/domain/report.js';
import { anOrder } from '../support/factories.js';

describe('the end-of-day report', () => {
  it('runs a day from local midnight to local midnight: 23, 24 or 25 hours', () => {
    const hours = (day: string) => {
      const { start, end } = reportSpan(day, day, 'Europe/Paris');
      return (end.getTime() - start.getTime()) / 3_600_000;
    };
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-06-01')).toBe(24);
    expect(hours('2026-10-25')).toBe(25);
    expect(reportSpan('2026-06-01', '2026-06-01', 'Europe/Paris').start.toISOString()).toBe(
      '2026-05-31T22:00:00.000Z',
    );
  });

  it('takes the 90th percentile by nearest rank', () => {
    expect(percentile90([])).toBeNull();
    expect(percentile90([7])).toBe(7);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(percentile90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(10);
  });

  it('writes a CSV that Excel reads as UTF-8, with formulas defused and quotes doubled', () => {
    const order = {
      id: 'c0ffee0000000000000000aa',
      ...anOrder('0123456789abcdef01234567', { customerName: '@SUM(A1) "Al"' }),
    };
    const csv = reportCsv([order], 'UTC');
    expect(csv.startsWith('\uFEFFOrder,Placed,')).toBe(true);
    const [, row] = csv.slice(1).split('\r\n');
    expect(row).toBe(
      `101,2026-11-28 12:00,received,"'@SUM(A1) ""Al""",1 × Hamburger; 2 × Soda,13.93,,13.93,,,`,
    );
  });
});
