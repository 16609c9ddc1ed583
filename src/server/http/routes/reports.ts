// The end-of-day report (admins): its figures, and its orders as a CSV file.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SalesReport, SalesReportQuery } from '../../../contract/reports.js';
import type { ReportsService } from '../../services/reports.js';
import { problemResponses } from '../problem.js';

export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = (app, { reports }) => {
  const tags = ['reports'];
  const problems = problemResponses(400, 401, 403, 503);

  app.get(
    '/api/staff/reports/sales',
    {
      schema: {
        tags,
        summary: "A day's (or a range of days') orders added up, in the restaurant's time zone (admins)",
        description:
          'Days run from local midnight to local midnight: a day the clocks change has 23 or 25 hours. At most 31 days.',
        querystring: SalesReportQuery,
        response: { 200: SalesReport, ...problems },
      },
    },
    async (request) => reports.sales(request.query),
  );

  app.get(
    '/api/staff/reports/sales.csv',
    {
      schema: {
        tags,
        summary: "The same days' orders as a spreadsheet: one header row, one row per order (admins)",
        querystring: SalesReportQuery,
        response: { 200: z.string(), ...problems },
      },
    },
    async (request, reply) => {
      const { fileName, body } = await reports.csv(request.query);
      reply.header('content-disposition', `attachment; filename="${fileName}"`);
      reply.type('text/csv; charset=utf-8');
      return body;
    },
  );
  return Promise.resolve();
};
