// Writes application/problem+json answers (RFC 9457) with the API's stable error codes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../../contract/problem.js';

/** A route's documented refusals: each status answers a problem+json body. */
export function problemResponses<Status extends number>(
  ...statuses: Status[]
): Record<Status, typeof Problem> {
  return Object.fromEntries(statuses.map((status) => [status, Problem])) as Record<Status, typeof Problem>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: Problem['errors'];
  attemptsRemaining?: number;
  /** Seconds; sent as `Retry-After` (429 and 503 always carry one). */
  retryAfter?: number;
}

export function problemBody(request: FastifyRequest, init: ProblemInit): Problem {
  return {
    type: `urn:von-appetit:problem:${init.code}`,
    title: init.title,
    status: init.status,
    code: init.code,
    ...(init.detail === undefined ? {} : { detail: init.detail }),
    ...(init.errors === undefined ? {} : { errors: init.errors }),
    ...(init.attemptsRemaining === undefined ? {} : { attemptsRemaining: init.attemptsRemaining }),
    requestId: request.id,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, init: ProblemInit): FastifyReply {
  if (init.retryAfter !== undefined) reply.header('retry-after', String(init.retryAfter));
  // The body is already the final shape: bypass any route's response serializer.
  return reply
    .code(init.status)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(problemBody(request, init));
}
