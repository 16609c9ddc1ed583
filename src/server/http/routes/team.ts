// The team, for admins: invite someone by text, send a new link, disable or enable an account,
// move one to a new phone. Every route is in the admins' group (see guards.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentId } from '../../../contract/menu.js';
import { DisabledRequest, Invitation, InviteRequest, PhoneRequest, Team } from '../../../contract/team.js';
import type { StaffAdmin } from '../../services/staff-admin.js';
import { originOf } from '../session.js';
import { signedIn } from '../guards.js';
import { presentInvitation, presentMember } from '../presenters.js';
import { problemResponses } from '../problem.js';

/** Where the admin's browser reached us: invitation links point there unless PUBLIC_URL says otherwise. */

export const teamRoutes: FastifyPluginAsyncZod<{ team: StaffAdmin }> = (app, { team }) => {
  const tags = ['team'];
  const problems = problemResponses(400, 401, 403, 404, 409, 415, 503);
  const params = z.strictObject({ id: DocumentId });

  app.get(
    '/api/staff/team',
    { schema: { tags, summary: 'Staff and admins (admins)', response: { 200: Team, ...problems } } },
    async () => {
      return { members: (await team.list()).map(presentMember) };
    },
  );

  app.post(
    '/api/staff/team',
    {
      schema: {
        tags,
        summary:
          'Invite someone to the team (admins): the account waits for a password set from a texted link',
        body: InviteRequest,
        response: { 201: Invitation, ...problems },
      },
    },
    async (request, reply) => {
      const { user } = signedIn(request);
      const invited = await team.invite({ by: user, ...request.body, origin: originOf(request) });
      return reply.code(201).send(presentInvitation(invited));
    },
  );

  app.post(
    '/api/staff/team/:id/invitation',
    {
      schema: {
        tags,
        summary: 'Send a new invitation link (admins); the previous link stops working',
        params,
        response: { 200: Invitation, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return presentInvitation(
        await team.reinvite({ by: user, id: request.params.id, origin: originOf(request) }),
      );
    },
  );

  app.put(
    '/api/staff/team/:id/disabled',
    {
      schema: {
        tags,
        summary: 'Disable or enable an account (admins); disabling signs it out everywhere',
        params,
        body: DisabledRequest,
        response: { 200: Team.shape.members.element, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return presentMember(
        await team.setDisabled({ by: user, id: request.params.id, disabled: request.body.disabled }),
      );
    },
  );

  app.put(
    '/api/staff/team/:id/phone',
    {
      schema: {
        tags,
        summary: 'Move an account to a new phone (admins), proven by a code at its next sign-in',
        params,
        body: PhoneRequest,
        response: { 200: Team.shape.members.element, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return presentMember(
        await team.resetPhone({
          by: user,
          id: request.params.id,
          phone: request.body.phone,
          origin: originOf(request),
        }),
      );
    },
  );

  return Promise.resolve();
};
