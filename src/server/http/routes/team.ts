// The team (admins): invite, disable, move to a new phone; the invitation link's page (anyone
// holding a valid link); and the restaurant's settings (read by the kitchen, changed by admins).
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentId } from '../../../contract/menu.js';
import { StatusTexts } from '../../../contract/orders.js';
import { Problem } from '../../../contract/problem.js';
import { problemResponses } from '../problem.js';
import {
  AcceptedInvitation,
  AcceptInvitationRequest,
  DisabledRequest,
  Invitation,
  InviteRequest,
  PhoneRequest,
  StaffProfile,
  StaffProfileRequest,
  Team,
  TicketTimers,
  type TeamMember as TeamMemberResponse,
} from '../../../contract/team.js';
import type { User } from '../../domain/user.js';
import type { AuthService } from '../../services/auth.js';
import type { Setting, TextableStatus, TicketTimers as Timers } from '../../services/settings.js';
import type { Invited, StaffAdmin, TeamMember } from '../../services/staff-admin.js';
import { ADMINS, assertSameOrigin, KITCHEN, requireSignedIn, type CookiePolicy } from '../session.js';

const toMember = (member: TeamMember): TeamMemberResponse => ({
  ...member,
  invitationExpiresAt: member.invitationExpiresAt?.toISOString() ?? null,
  createdAt: member.createdAt?.toISOString() ?? null,
});

const toInvitation = ({ member, link, texted }: Invited) => ({ member: toMember(member), link, texted });

/** Where the admin's browser reached us: invitation links point there unless PUBLIC_URL says otherwise. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export const teamRoutes: FastifyPluginAsyncZod<{
  auth: AuthService;
  team: StaffAdmin;
  cookies: CookiePolicy;
  statusTexts: Setting<TextableStatus[]>;
  ticketTimers: Setting<Timers>;
}> = (app, { auth, team, cookies, statusTexts, ticketTimers }) => {
  const tags = ['team'];
  const problems = problemResponses(400, 401, 403, 404, 409, 415, 503);
  const params = z.strictObject({ id: DocumentId });

  app.get(
    '/api/staff/team',
    { schema: { tags, summary: 'Staff and admins (admins)', response: { 200: Team, ...problems } } },
    async (request) => {
      await requireSignedIn(request, auth, cookies, { change: false, ...ADMINS });
      return { members: (await team.list()).map(toMember) };
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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...ADMINS });
      const invited = await team.invite({ by: user, ...request.body, origin: originOf(request) });
      return reply.code(201).send(toInvitation(invited));
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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...ADMINS });
      return toInvitation(
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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...ADMINS });
      return toMember(
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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...ADMINS });
      return toMember(
        await team.resetPhone({
          by: user,
          id: request.params.id,
          phone: request.body.phone,
          origin: originOf(request),
        }),
      );
    },
  );

  const profileOf = (user: User) => ({
    username: user.username,
    role: user.role === 'admin' ? ('admin' as const) : ('staff' as const),
    displayName: user.displayName,
  });

  app.get(
    '/api/staff/profile',
    {
      schema: {
        tags,
        summary: 'Who is signed in, and the name customers see them by',
        response: { 200: StaffProfile, ...problems },
      },
    },
    async (request) => {
      const { user } = await requireSignedIn(request, auth, cookies, { change: false, ...KITCHEN });
      return profileOf(user);
    },
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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...KITCHEN });
      return profileOf(await team.setDisplayName({ by: user, displayName: request.body.displayName }));
    },
  );

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

  app.get(
    '/api/staff/settings/status-texts',
    {
      schema: {
        tags: ['settings'],
        summary: 'Which order statuses text the customer',
        response: { 200: StatusTexts, ...problems },
      },
    },
    async (request) => {
      await requireSignedIn(request, auth, cookies, { change: false, ...KITCHEN });
      return { statuses: await statusTexts.get() };
    },
  );

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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...ADMINS });
      return { statuses: await statusTexts.set({ by: user, value: request.body.statuses }) };
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
    async (request) => {
      await requireSignedIn(request, auth, cookies, { change: false, ...KITCHEN });
      return ticketTimers.get();
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
      const { user } = await requireSignedIn(request, auth, cookies, { change: true, ...ADMINS });
      return ticketTimers.set({ by: user, value: request.body });
    },
  );
  return Promise.resolve();
};
