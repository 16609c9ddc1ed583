// RFC 7807 problem bodies in Vonage's words (Verify v2 and Messages); each carries a fresh instance id.
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AuthFailure } from './auth.js';

export interface ProblemKind {
  status: number;
  type: string;
  title: string;
  detail: string;
}

export interface InvalidParameter {
  name: string;
  reason: string;
}

/** The problems every Vonage API shares (types as in the 2026 Verify v2 and Messages specs). */
export const COMMON_PROBLEMS = {
  unauthorized: {
    status: 401,
    type: 'https://developer.vonage.com/api-errors#unauthorized',
    title: 'Unauthorized',
    detail: 'You did not provide correct credentials.',
  },
  jwtExpired: {
    status: 401,
    type: 'https://developer.vonage.com/en/api-errors#jwt-expired',
    title: 'Unauthorized',
    detail: 'The JWT provided has expired.',
  },
  throttled: {
    status: 429,
    type: 'https://developer.vonage.com/en/api-errors#throttled',
    title: 'Rate Limit Hit',
    detail: 'Please wait, then retry your request',
  },
  internal: {
    status: 500,
    type: 'https://developer.vonage.com/api-errors#internal-error',
    title: 'Internal error',
    detail: 'There was an error processing your request in the Platform.',
  },
  notFound: {
    status: 404,
    type: 'https://developer.vonage.com/api-errors#not-found',
    title: 'Not Found',
    detail: 'The requested resource does not exist.',
  },
} satisfies Record<string, ProblemKind>;

export function sendProblem(reply: FastifyReply, kind: ProblemKind, extra: object = {}): FastifyReply {
  const { status, ...body } = kind;
  if (status === 429) reply.header('retry-after', '1');
  return reply
    .code(status)
    .type('application/problem+json')
    .send(JSON.stringify({ ...body, instance: randomUUID(), ...extra }));
}

export function authProblem(failure: AuthFailure): ProblemKind {
  return failure === 'expired' ? COMMON_PROBLEMS.jwtExpired : COMMON_PROBLEMS.unauthorized;
}
