// A staff member's own profile: who is signed in, and the name customers see them by (H8). In
// the kitchen's group (see guards.ts): any staff member, for themselves.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StaffProfile, StaffProfileRequest } from '../../../contract/team.js';
import type { StaffAdmin } from '../../services/staff-admin.js';
import { signedIn } from '../guards.js';
import { presentProfile } from '../presenters.js';
import { problemResponses } from '../problem.js';

export const profileRoutes: FastifyPluginAsyncZod<{ team: StaffAdmin }> = (app, { team }) => {
  const tags = ['team'];
  const problems = problemResponses(400, 401, 403, 404, 409, 415, 503);

  app.get(
    '/api/staff/profile',
    {
      schema: {
        tags,
        summary: 'Who is signed in, and the name customers see them by',
        response: { 200: StaffProfile, ...problems },
      },
    },
    (request) => presentProfile(signedIn(request).user),
  );

  app.put(
    '/api/staff/profile',
    {
      schema: {
        tags,
        summary: 'Choose the name customers see you by (a support call): a first name or a role',
        description:
          'Up to 40 letters and spaces, such as "Sam from the kitchen"; empty for none (customers then see "the kitchen"). Never shown: the username, the phone.',
        body: StaffProfileRequest,
        response: { 200: StaffProfile, ...problems },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      return presentProfile(await team.setDisplayName({ by: user, displayName: request.body.displayName }));
    },
  );

  return Promise.resolve();
};
