// Registration and sign-in, on the article's routes: password, then a texted code.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AuthenticateRequest,
  GuestRequest,
  NextStep,
  RegisterRequest,
  SessionInfo,
  VerifyRequest,
} from '../../../contract/auth.js';
import { Problem } from '../../../contract/problem.js';
import { problemResponses } from '../problem.js';
import { RefusedError } from '../../domain/errors.js';
import { customerShownName, isGuest, type Account } from '../../domain/user.js';
import { resendWaitSeconds, SESSION_POLICY, type Session, type Surface } from '../../domain/session.js';
import type { AuthService } from '../../services/auth.js';
import {
  assertCsrfToken,
  assertSameOrigin,
  clearSessionCookie,
  deviceToken,
  setDeviceCookie,
  setSessionCookie,
  sessionToken,
  type CookiePolicy,
} from '../session.js';

export interface AccountRouteDeps {
  /** `customer` (at /api/website, with registration) or `staff` (at /api/staff, no registration). */
  surface: Surface;
  auth: AuthService;
  cookies: CookiePolicy;
  now: () => Date;
}

/** The stage of a sign-in's session (a password reset's sessions are never answered here). */
function signInStage(session: Session): SessionInfo['stage'] {
  const { stage } = session;
  if (stage === 'pending_reset' || stage === 'reset_proven') {
    throw new RefusedError('unauthenticated', 'Sign in first.');
  }
  return stage;
}

const hint = (phone: string | null) => (phone === null ? null : `•••• ${phone.slice(-2)}`);

/** A session as the account routes answer it (`user` once the code step is done). */
function sessionInfo(
  session: Session,
  user: Pick<Account, 'username' | 'role' | 'displayName'> | null,
  at: Date,
): SessionInfo {
  const pending = session.stage !== 'full';
  return {
    stage: signInStage(session),
    username: user ? customerShownName(user) : null,
    guest: user ? isGuest(user) : session.stage === 'pending_guest',
    role: user?.role ?? null,
    phoneHint: pending ? hint(session.phone) : null,
    csrfToken: session.csrfToken,
    resendAfterSeconds: pending ? resendWaitSeconds(session, at) : 0,
    resendsLeft: pending ? Math.max(0, SESSION_POLICY.maxSendsPerLogin - session.sends) : 0,
    expiresAt: session.expiresAt.toISOString(),
  };
}

/**
 * Who is signed in on `surface` behind the request's cookie, as `GET <base>/session` answers:
 * `null` when nobody is (or only on the other surface). A session that just ended, and outages,
 * are thrown. Also what a page is sent with (http/web.ts).
 */
export function sessionAnswer({ auth, cookies, now, surface }: AccountRouteDeps) {
  return async (request: FastifyRequest): Promise<SessionInfo | null> => {
    const token = sessionToken(request, cookies);
    try {
      const { session, user } = await auth.authenticate({ token, stage: 'pending', surface });
      return sessionInfo(session, session.stage === 'full' ? user : null, now());
    } catch (error) {
      if (error instanceof RefusedError && (error.code === 'unauthenticated' || error.code === 'forbidden')) {
        return null;
      }
      throw error;
    }
  };
}

export const accountRoutes: FastifyPluginAsyncZod<AccountRouteDeps> = (
  app,
  { auth, cookies, now, surface },
) => {
  const base = surface === 'customer' ? '/api/website' : '/api/staff';
  const whoIsIn = sessionAnswer({ auth, cookies, now, surface });
  /** The pending session of this surface behind the cookie, its CSRF token checked. */
  async function pendingHere(request: FastifyRequest): Promise<string> {
    const token = sessionToken(request, cookies);
    const session = await auth.sessionOf(token);
    if (session.surface !== surface) throw new RefusedError('forbidden', 'This session cannot be used here.');
    assertCsrfToken(request, auth, session);
    return token ?? '';
  }

  const tags = ['account'];
  const problems = problemResponses(400, 401, 403, 409, 410, 415, 429, 503);

  const info = (session: Session, user: Pick<Account, 'username' | 'role' | 'displayName'> | null) =>
    sessionInfo(session, user, now());

  if (surface === 'customer') {
    app.post(
      '/api/website/register',
      {
        schema: {
          tags,
          summary: 'Create a customer account; a code is texted to the phone to prove it',
          description:
            'Answers 202 with a pending session (cookie) whether or not the username was free: whether it was taken is told only after the code proves the phone (409 `username_taken` from the verify step). Next: `POST /api/website/authenticate/verify`.',
          body: RegisterRequest,
          response: { 202: NextStep, ...problems },
        },
      },
      async (request, reply) => {
        assertSameOrigin(request);
        const { token, session, next } = await auth.register({ ...request.body, ip: request.ip });
        setSessionCookie(reply, cookies, token, session.expiresAt);
        return reply.code(202).send({ ...info(session, null), next });
      },
    );
  }

  if (surface === 'customer') {
    app.post(
      '/api/website/guest',
      {
        schema: {
          tags,
          summary: 'Order as a guest: a name and a phone, proven by a texted code',
          description:
            'Answers 202 with a pending session (cookie); a code is texted to the phone. Next: `POST /api/website/authenticate/verify`, which signs the guest in (a guest account, found again by the phone next time). Then order as any customer.',
          body: GuestRequest,
          response: { 202: NextStep, ...problems },
        },
      },
      async (request, reply) => {
        assertSameOrigin(request);
        const { token, session } = await auth.startGuest({ ...request.body, ip: request.ip });
        setSessionCookie(reply, cookies, token, session.expiresAt);
        return reply.code(202).send({ ...info(session, null), next: 'verify_guest' as const });
      },
    );
  }

  app.post(
    `${base}/authenticate`,
    {
      schema: {
        tags,
        summary: 'Sign in, step 1: the password',
        description:
          'On the right password, sets a pending session cookie and texts a 6-digit code. Unknown user, wrong password and a locked account all answer the same 401. Next: `POST /api/website/authenticate/verify` with the code and the `csrfToken` of this answer in `X-CSRF-Token`.',
        body: AuthenticateRequest,
        response: { 200: NextStep, ...problems },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const { token, session, next } = await auth.login({
        ...request.body,
        ip: request.ip,
        surface,
        device: deviceToken(request, cookies),
      });
      setSessionCookie(reply, cookies, token, session.expiresAt);
      return { ...info(session, null), next };
    },
  );

  app.post(
    `${base}/authenticate/verify`,
    {
      schema: {
        tags,
        summary: 'Sign in, step 2: the texted code (`tfaPin`)',
        description:
          'Needs the pending session cookie and its `X-CSRF-Token`. On success the session is replaced: a new cookie, and a new `csrfToken` to send with every later change (orders). The browser also gets a device cookie: signing in from it later, wrong passwords tried elsewhere never lock it out.',
        body: VerifyRequest,
        response: { 200: SessionInfo, ...problems },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const token = await pendingHere(request);
      const verified = await auth.verifyCode({
        token,
        code: request.body.tfaPin,
        device: deviceToken(request, cookies),
      });
      const { token: fresh, session, user, device } = verified;
      setSessionCookie(reply, cookies, fresh, session.expiresAt);
      if (device) setDeviceCookie(reply, cookies, device);
      return info(session, user);
    },
  );

  app.post(
    `${base}/authenticate/resend`,
    {
      schema: {
        tags,
        summary: 'Text a new code for the pending sign-in (after a cooldown; at most 3 codes per sign-in)',
        response: { 200: SessionInfo, ...problems },
      },
    },
    async (request) => {
      assertSameOrigin(request);
      const token = await pendingHere(request);
      const { session } = await auth.resendCode({ token, ip: request.ip });
      return info(session, null);
    },
  );

  app.post(
    `${base}/logout`,
    {
      schema: {
        tags,
        summary: 'Sign out: the session is deleted on the server',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const token = sessionToken(request, cookies);
      if (token !== undefined) {
        // A session already gone (or expired) is signed out; a database outage is a 503, so the
        // client knows the session may still be alive.
        const session = await auth.sessionOf(token).catch((error: unknown) => {
          if (error instanceof RefusedError) return null;
          throw error;
        });
        if (session) {
          assertCsrfToken(request, auth, session);
          await auth.logout({ token });
        }
      }
      clearSessionCookie(reply, cookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/session`,
    {
      schema: {
        tags,
        summary: 'Who is signed in (and the CSRF token for changes)',
        description:
          '204 when nobody is (asking is not an error); 401 `session_expired` when the session just ended.',
        response: { 200: SessionInfo, 204: z.null(), 401: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // Nobody signed in here (or a session of the other surface): nothing to tell.
      return (await whoIsIn(request)) ?? reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
