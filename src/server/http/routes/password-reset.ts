// A forgotten password, for customers (/api/website) and staff (/api/staff): whose, the texted
// code, the new password. Public routes: the caller is signed out by definition.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { VerifyRequest } from '../../../contract/auth.js';
import {
  NewPasswordRequest,
  PasswordResetDone,
  PasswordResetRequest,
  PasswordResetStep,
} from '../../../contract/password-reset.js';
import { RefusedError } from '../../domain/errors.js';
import { resendWaitSeconds, SESSION_POLICY, type Session, type Surface } from '../../domain/session.js';
import type { AuthService } from '../../services/auth.js';
import { problemResponses } from '../problem.js';
import {
  assertCsrfToken,
  assertSameOrigin,
  clearSessionCookie,
  sessionToken,
  setSessionCookie,
  type CookiePolicy,
} from '../session.js';

export interface PasswordResetRouteDeps {
  surface: Surface;
  auth: AuthService;
  cookies: CookiePolicy;
  now: () => Date;
}

export const passwordResetRoutes: FastifyPluginAsyncZod<PasswordResetRouteDeps> = (
  app,
  { auth, cookies, now, surface },
) => {
  const base = `${surface === 'customer' ? '/api/website' : '/api/staff'}/password-reset`;
  const tags = ['account'];
  const problems = problemResponses(400, 401, 403, 410, 415, 429, 503);

  const step = (session: Session): PasswordResetStep => ({
    stage: session.stage === 'reset_proven' ? 'reset_proven' : 'pending_reset',
    csrfToken: session.csrfToken,
    resendAfterSeconds: resendWaitSeconds(session, now()),
    resendsLeft: Math.max(0, SESSION_POLICY.maxSendsPerLogin - session.sends),
    expiresAt: session.expiresAt.toISOString(),
  });

  /** The reset behind the cookie, of this surface, its CSRF token checked. */
  async function resetHere(request: FastifyRequest): Promise<string> {
    assertSameOrigin(request);
    const token = sessionToken(request, cookies);
    const session = await auth.sessionOf(token);
    if (session.surface !== surface) throw new RefusedError('forbidden', 'This session cannot be used here.');
    assertCsrfToken(request, auth, session);
    return token ?? '';
  }

  /** A reset that ended on the server ends in the browser too. */
  async function orCleared<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof RefusedError &&
        ['unauthenticated', 'otp_locked', 'session_expired'].includes(error.code)
      ) {
        clearSessionCookie(reply, cookies);
      }
      throw error;
    }
  }

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Forgotten password, step 1: the username or the phone number',
        description:
          'Answers 202 with a pending session (cookie) whatever the login: if it names an account with a proven phone, a code is texted there. The answer never says whether one was. Next: `POST …/password-reset/verify`.',
        body: PasswordResetRequest,
        response: { 202: PasswordResetStep, ...problems },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      const { token, session } = await auth.reset.start({
        login: request.body.login,
        ip: request.ip,
        surface,
      });
      setSessionCookie(reply, cookies, token, session.expiresAt);
      return reply.code(202).send(step(session));
    },
  );

  app.post(
    `${base}/resend`,
    {
      schema: {
        tags,
        summary: 'Forgotten password: text a new code (after a cooldown; at most 3 codes)',
        response: { 200: PasswordResetStep, ...problems },
      },
    },
    async (request, reply) => {
      const token = await resetHere(request);
      return step(await orCleared(reply, () => auth.reset.resend({ token, ip: request.ip })));
    },
  );

  app.post(
    `${base}/verify`,
    {
      schema: {
        tags,
        summary: 'Forgotten password, step 2: the texted code (`tfaPin`)',
        description: 'On success the session may set a new password: `POST …/password-reset/complete`.',
        body: VerifyRequest,
        response: { 200: PasswordResetStep, ...problems },
      },
    },
    async (request, reply) => {
      const token = await resetHere(request);
      return step(await orCleared(reply, () => auth.reset.prove({ token, code: request.body.tfaPin })));
    },
  );

  app.post(
    `${base}/complete`,
    {
      schema: {
        tags,
        summary: 'Forgotten password, step 3: the new password; every session of the account ends',
        description:
          'The rules of a new account (8–128 characters, not a common password). Answers the username to sign in with; the browser is signed out.',
        body: NewPasswordRequest,
        response: { 200: PasswordResetDone, ...problems },
      },
    },
    async (request, reply) => {
      const token = await resetHere(request);
      const done = await orCleared(reply, () =>
        auth.reset.complete({ token, password: request.body.password }),
      );
      clearSessionCookie(reply, cookies);
      return done;
    },
  );

  return Promise.resolve();
};
