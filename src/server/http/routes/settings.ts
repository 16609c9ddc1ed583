// The restaurant's settings: which statuses text the customer, when tickets turn amber and red.
// The kitchen reads them (its group), admins change them (theirs; audited): two plugins.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StatusTexts } from '../../../contract/orders.js';
import { TicketTimers } from '../../../contract/team.js';
import type { Setting, TextableStatus, TicketTimers as Timers } from '../../services/settings.js';
import { signedIn } from '../guards.js';
import { problemResponses } from '../problem.js';

export interface SettingsRouteDeps {
  statusTexts: Setting<TextableStatus[]>;
  ticketTimers: Setting<Timers>;
}

const problems = problemResponses(400, 401, 403, 404, 409, 415, 503);

/** For the kitchen's group. */
export const settingsReadRoutes: FastifyPluginAsyncZod<SettingsRouteDeps> = (
  app,
  { statusTexts, ticketTimers },
) => {
  app.get(
    '/api/staff/settings/status-texts',
    {
      schema: {
        tags: ['settings'],
        summary: 'Which order statuses text the customer',
        response: { 200: StatusTexts, ...problems },
      },
    },
    async () => {
      return { statuses: await statusTexts.get() };
    },
  );

  app.get(
    '/api/staff/settings/ticket-timers',
    {
      schema: {
        tags: ['settings'],
        summary: 'When a ticket on the kitchen board turns amber, then red',
        response: { 200: TicketTimers, ...problems },
      },
    },
    async () => {
      return ticketTimers.get();
    },
  );

  return Promise.resolve();
};

/** For the admins' group. */
export const settingsRoutes: FastifyPluginAsyncZod<SettingsRouteDeps> = (
  app,
  { statusTexts, ticketTimers },
) => {
  app.put(
    '/api/staff/settings/status-texts',
    {
      schema: {
        tags: ['settings'],
        summary: 'Choose which order statuses text the customer (admins; audited)',
        body: StatusTexts,
        response: { 200: StatusTexts, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return { statuses: await statusTexts.set({ by: user, value: request.body.statuses }) };
    },
  );

  app.put(
    '/api/staff/settings/ticket-timers',
    {
      schema: {
        tags: ['settings'],
        summary: 'Set when tickets turn amber and red (admins; audited)',
        body: TicketTimers,
        response: { 200: TicketTimers, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return ticketTimers.set({ by: user, value: request.body });
    },
  );
  return Promise.resolve();
};
