// The checks before any business: credentials, the rate limit, then the magic number's scenario.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthFailure, AuthScheme } from './auth.js';
import type { SimulatorContext } from './context.js';
import { scenarioFor, type Scenario, type SimulatedApi } from './magic-numbers.js';

/** How one API says no: Verify v1 with HTTP 200 and a status, the others with HTTP errors. */
export interface Refusals {
  unauthorized(reply: FastifyReply, failure: AuthFailure): FastifyReply;
  throttled(reply: FastifyReply): FastifyReply;
  providerDown(reply: FastifyReply): FastifyReply;
  blocked(reply: FastifyReply): FastifyReply;
}

/** A body cut short mid-value: valid HTTP, invalid JSON, for fail-closed tests. */
export const MALFORMED_BODY = '{"request_id":"';

/** `false` when the request was refused (the answer is already on its way). */
export function admit(
  ctx: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  guard: {
    product: string;
    accepts: readonly AuthScheme[];
    refusals: Refusals;
    bodyKey?: { apiKey: unknown; apiSecret: unknown };
  },
): boolean {
  const auth = ctx.auth.authenticate(request.headers.authorization, guard.accepts, guard.bodyKey);
  if (!auth.ok) {
    guard.refusals.unauthorized(reply, auth.failure);
    return false;
  }
  // One account per simulator, so the account's key names the bucket whatever the scheme.
  if (!ctx.throttle.admit(`${guard.product}:${ctx.credentials.apiKey}`)) {
    guard.refusals.throttled(reply);
    return false;
  }
  return true;
}

/**
 * Plays the scenario of a magic number: `'answered'` when it answered in its place, `'proceed'`
 * when the call goes on (normal numbers, the too-slow one after its stall, the undeliverable one).
 */
export function playScenario(
  ctx: SimulatorContext,
  api: SimulatedApi,
  number: string | undefined,
  reply: FastifyReply,
  refusals: Refusals,
): Promise<'answered' | 'proceed'> {
  // A scenario switched on for the whole API wins: it reaches calls a number cannot (checks).
  return play(ctx, ctx.apiScenarios[api] ?? scenarioFor(number), reply, refusals);
}

/** Plays a scenario named directly (Video has no phone number: see `setScenario`). */
export async function play(
  ctx: SimulatorContext,
  scenario: Scenario | undefined,
  reply: FastifyReply,
  refusals: Refusals,
): Promise<'answered' | 'proceed'> {
  switch (scenario) {
    case undefined:
    case 'undeliverable':
      return 'proceed';
    case 'provider-down':
      refusals.providerDown(reply);
      return 'answered';
    case 'blocked':
      refusals.blocked(reply);
      return 'answered';
    case 'throttled':
      refusals.throttled(reply);
      return 'answered';
    case 'malformed':
      reply.code(200).type('application/json').send(MALFORMED_BODY);
      return 'answered';
    case 'empty-answer':
      reply.code(200).type('application/json').send('{}');
      return 'answered';
    case 'too-slow': {
      ctx.log.info({ stallMs: ctx.slowResponseMs }, 'vonage-sim: stalling (too-slow scenario)');
      if (await ctx.timers.sleep(ctx.slowResponseMs)) return 'proceed';
      reply.code(503).send();
      return 'answered';
    }
  }
}
