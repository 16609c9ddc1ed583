// Video API: POST /session/create (form body, JWT). Errors are Video's own {code, message}, not problem+json.
import { randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AuthFailure } from '../auth.js';
import type { SimulatorContext } from '../context.js';
import { admit, play, type Refusals } from '../gate.js';
import { readParams, textField } from '../request-body.js';

/** Words of the real service (it answers 403 to every token problem). */
const TOKEN_PROBLEMS: Record<AuthFailure, string> = {
  missing: 'Missing token',
  'bad-credentials': 'Invalid token format',
  malformed: 'Invalid token format',
  algorithm: 'Invalid token format',
  signature: 'Invalid signature',
  expired: 'Token expired',
  'not-yet-valid': 'Token not yet valid',
  'wrong-application': 'Invalid issuer format',
};

const videoError = (reply: FastifyReply, status: number, code: number, message: string) =>
  reply.code(status).send({ code, message, description: message });

const refusals: Refusals = {
  unauthorized: (reply, failure) => videoError(reply, 403, -1, TOKEN_PROBLEMS[failure]),
  throttled: (reply) => {
    reply.header('retry-after', '1');
    return videoError(reply, 429, 429, 'Too many requests');
  },
  // Video has no phone number: these play when a test calls `setScenario('video', …)`.
  providerDown: (reply) => videoError(reply, 500, 500, 'Internal server error'),
  blocked: (reply) => videoError(reply, 403, 403, 'Forbidden'),
};

/** Java's Date#toString in UTC, as the Video API writes `create_dt`: "Fri Nov 28 12:00:00 UTC 2026". */
function javaDate(at: Date): string {
  const [weekday = '', , month = '', , time = ''] = at.toUTCString().replace(',', '').split(' ');
  const day = String(at.getUTCDate()).padStart(2, '0');
  return `${weekday} ${month} ${day} ${time} UTC ${at.getUTCFullYear()}`;
}

function newSessionId(applicationId: string, at: Date): string {
  const payload = `1~${applicationId}~~${at.getTime()}~${randomBytes(12).toString('base64url')}~~`;
  return `1_${Buffer.from(payload).toString('base64url')}`;
}

export function registerVideo(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post('/session/create', async (request, reply) => {
    if (!admit(ctx, request, reply, { product: 'video', accepts: ['jwt'], refusals })) return reply;
    if ((await play(ctx, ctx.apiScenarios.video, reply, refusals)) === 'answered') return reply;
    const body = readParams(request);
    if (!body.ok) return videoError(reply, 400, 400, 'Invalid request body');
    const archiveMode = textField(body.params, 'archiveMode') ?? 'manual';
    const p2p = textField(body.params, 'p2p.preference') ?? 'disabled';
    // The SDK sends the literal text "null" when no location hint is given.
    const location = textField(body.params, 'location') ?? 'null';
    if (!['manual', 'always'].includes(archiveMode))
      return videoError(reply, 400, 400, 'Invalid archiveMode');
    if (!['enabled', 'disabled'].includes(p2p)) return videoError(reply, 400, 400, 'Invalid p2p.preference');
    if (archiveMode === 'always' && p2p === 'enabled')
      return videoError(
        reply,
        400,
        400,
        'archiveMode always requires p2p.preference disabled (a routed session)',
      );
    if (!['null', ''].includes(location) && !isIPv4(location))
      return videoError(reply, 400, 400, 'Invalid location: give an IPv4 address');
    const at = ctx.now();
    return reply.code(200).send([
      {
        session_id: newSessionId(ctx.credentials.applicationId, at),
        application_id: ctx.credentials.applicationId,
        create_dt: javaDate(at),
        media_server_url: '',
      },
    ]);
  });
}
