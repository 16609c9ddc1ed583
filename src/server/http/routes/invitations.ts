// The invitation link's page: anyone holding a valid link chooses the invited account's
// password, once (no session: the link's secret is the proof).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Problem } from '../../../contract/problem.js';
import { AcceptedInvitation, AcceptInvitationRequest } from '../../../contract/team.js';
import type { StaffAdmin } from '../../services/staff-admin.js';
import { problemResponses } from '../problem.js';
import { assertSameOrigin } from '../session.js';

export const invitationRoutes: FastifyPluginAsyncZod<{ team: StaffAdmin }> = (app, { team }) => {
  const tags = ['team'];
  const problems = problemResponses(400, 401, 403, 404, 409, 415, 503);
  app.post(
    '/api/staff/invitations/accept',
    {
      schema: {
        tags,
        summary: "Choose the password of an invited account, with the invitation link's code (once)",
        body: AcceptInvitationRequest,
        response: { 200: AcceptedInvitation, 410: Problem, 429: Problem, ...problems },
      },
    },
    async (request) => {
      assertSameOrigin(request);
      return team.acceptInvitation({ ...request.body, ip: request.ip });
    },
  );

  return Promise.resolve();
};
