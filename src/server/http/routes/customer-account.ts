// A customer's own account (the settings page): a new password, the devices signed in, signing
// out everywhere, a copy of their data, and erasing the account. In the customers' group.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccountExport,
  AccountOverview,
  ChangePasswordRequest,
  ClaimGuestRequest,
  ErasureRequest,
  ErasureStep,
} from '../../../contract/account.js';
import { VerifyRequest } from '../../../contract/auth.js';
import { Problem } from '../../../contract/problem.js';
import { customerShownName } from '../../domain/user.js';
import { resendWaitSeconds, SESSION_POLICY, type Session } from '../../domain/session.js';
import type { AuthService } from '../../services/auth.js';
import { signedIn } from '../guards.js';
import { presentOrder } from '../presenters.js';
import { problemResponses } from '../problem.js';
import { clearSessionCookie, setSessionCookie, type CookiePolicy } from '../session.js';

export interface CustomerAccountRouteDeps {
  auth: AuthService;
  cookies: CookiePolicy;
  now: () => Date;
}

const hint = (phone: string) => `•••• ${phone.slice(-2)}`;

export const customerAccountRoutes: FastifyPluginAsyncZod<CustomerAccountRouteDeps> = (
  app,
  { auth, cookies, now },
) => {
  const { account } = auth;
  const tags = ['account'];
  const problems = problemResponses(400, 401, 403, 410, 415, 429, 503);

  const erasureStep = (session: Session, phone: string): ErasureStep => ({
    phoneHint: hint(phone),
    resendAfterSeconds: resendWaitSeconds(session, now()),
    resendsLeft: Math.max(0, SESSION_POLICY.maxSendsPerLogin - session.sends),
    // Vonage's codes work for 10 minutes.
    expiresAt: new Date(
      (session.lastSentAt ?? now()).getTime() + SESSION_POLICY.pendingLifetimeSeconds * 1000,
    ).toISOString(),
  });

  app.get(
    '/api/website/account',
    {
      schema: {
        tags,
        summary: 'The account: username, phone (its last digits), the devices signed in',
        response: { 200: AccountOverview, ...problems },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { session, user } = signedIn(request);
      const devices = await account.devices({ userId: user.id });
      return {
        username: customerShownName(user),
        phoneHint: hint(user.phone),
        memberSince: user.createdAt?.toISOString() ?? null,
        devices: devices.map((device) => ({
          signedInAt: device.createdAt.toISOString(),
          lastActiveAt: device.lastSeenAt.toISOString(),
          current: device.id === session.id,
        })),
      };
    },
  );

  app.put(
    '/api/website/account/password',
    {
      schema: {
        tags,
        summary: 'A new password (the current one required): every other device is signed out',
        description:
          'Answers 204 with a new session cookie: read the new `csrfToken` from `GET /api/website/session`.',
        body: ChangePasswordRequest,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const { session } = signedIn(request);
      const { currentPassword, password } = request.body;
      const issued = await account.changePassword({ session, current: currentPassword, password });
      setSessionCookie(reply, cookies, issued.token, issued.session.expiresAt);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/website/guest/account',
    {
      schema: {
        tags,
        summary: 'A guest keeps their orders in an account: a username and a password',
        description:
          'For a guest signed in with a name and a phone. Answers 204 with a new session cookie; 409 `username_taken` names the field.',
        body: ClaimGuestRequest,
        response: { 204: z.null(), ...problems, 409: Problem },
      },
    },
    async (request, reply) => {
      const { session } = signedIn(request);
      const issued = await account.claimGuest({ session, ...request.body });
      setSessionCookie(reply, cookies, issued.token, issued.session.expiresAt);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/website/account/sign-out-everywhere',
    {
      schema: {
        tags,
        summary: 'Signs the account out on every device, this one too',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await account.signOutEverywhere({ userId: signedIn(request).user.id });
      clearSessionCookie(reply, cookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/website/account/export',
    {
      schema: {
        tags,
        summary: 'Everything kept about the customer: the account and every order, as a JSON file',
        response: { 200: AccountExport, ...problems },
      },
    },
    async (request, reply) => {
      const data = await account.exportData({ userId: signedIn(request).user.id });
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', 'attachment; filename="von-appetit-my-data.json"');
      return {
        format: 'von-appetit.account/1' as const,
        exportedAt: now().toISOString(),
        profile: {
          username: data.profile.username,
          phone: data.profile.phone,
          memberSince: data.profile.createdAt?.toISOString() ?? null,
        },
        orders: data.orders.map(presentOrder),
      };
    },
  );

  app.post(
    '/api/website/account/erasure',
    {
      schema: {
        tags,
        summary: 'Erasing the account, step 1: the password; a code is texted to the account’s phone',
        body: ErasureRequest,
        response: { 202: ErasureStep, ...problems },
      },
    },
    async (request, reply) => {
      const { session, user } = signedIn(request);
      const updated = await account.startErasure({
        session,
        password: request.body.password,
        ip: request.ip,
      });
      return reply.code(202).send(erasureStep(updated, user.phone));
    },
  );

  app.post(
    '/api/website/account/erasure/resend',
    {
      schema: {
        tags,
        summary: 'Erasing the account: text a new code (after a cooldown)',
        response: { 200: ErasureStep, ...problems },
      },
    },
    async (request) => {
      const { session, user } = signedIn(request);
      return erasureStep(await account.resendErasureCode({ session, ip: request.ip }), user.phone);
    },
  );

  app.post(
    '/api/website/account/erasure/confirm',
    {
      schema: {
        tags,
        summary: 'Erasing the account, step 2: the code. The name, phone and username are erased',
        description:
          'The orders stay for the restaurant’s records, their customer shown as "deleted customer". Every device is signed out.',
        body: VerifyRequest,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await account.erase({ session: signedIn(request).session, code: request.body.tfaPin });
      clearSessionCookie(reply, cookies);
      return reply.code(204).send(null);
    },
  );

  return Promise.resolve();
};
