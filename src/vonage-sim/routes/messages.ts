// Messages API: POST /v1/messages (SMS), then a signed status webhook a few milliseconds later.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from '../context.js';
import { admit, playScenario, type Refusals } from '../gate.js';
import { digitsOnly, scenarioFor } from '../magic-numbers.js';
import { authProblem, COMMON_PROBLEMS, sendProblem } from '../problems.js';
import { readParams } from '../request-body.js';
import { MESSAGES_PROBLEMS, parseSms, type SmsRequest } from './messages-params.js';

/** "A few ms" after the 202: the app must never assume the webhook beats the answer. */
export const DELIVERY_DELAY_MS = 5;

const refusals: Refusals = {
  unauthorized: (reply, failure) => sendProblem(reply, authProblem(failure)),
  throttled: (reply) => sendProblem(reply, COMMON_PROBLEMS.throttled),
  providerDown: (reply) => sendProblem(reply, MESSAGES_PROBLEMS.internal),
  blocked: (reply) => sendProblem(reply, MESSAGES_PROBLEMS.blocked),
};

function statusReport(ctx: SimulatorContext, uuid: string, sms: SmsRequest) {
  const rejected = scenarioFor(sms.to) === 'undeliverable';
  return {
    message_uuid: uuid,
    to: sms.to,
    from: sms.from,
    timestamp: ctx.now().toISOString(),
    status: rejected ? 'rejected' : 'delivered',
    channel: 'sms',
    ...(rejected
      ? {
          error: {
            type: 'https://developer.vonage.com/api-errors/messages#1260',
            title: '1260',
            detail: 'Destination unreachable - The message could not be delivered to the phone number.',
            instance: randomUUID(),
          },
        }
      : { usage: { currency: 'EUR', price: '0.0333' } }),
    ...(sms.clientRef === undefined ? {} : { client_ref: sms.clientRef }),
  };
}

export function registerMessages(app: FastifyInstance, ctx: SimulatorContext): void {
  // JWT when the SDK has application credentials, Basic otherwise: both are Vonage's.
  const guard = { product: 'messages', accepts: ['jwt', 'basic'], refusals } as const;

  app.post('/v1/messages', async (request, reply) => {
    if (!admit(ctx, request, reply, guard)) return reply;
    const body = readParams(request);
    if (!body.ok) return sendProblem(reply, MESSAGES_PROBLEMS.invalidJson);
    const sms = parseSms(body.params);
    if ('problem' in sms)
      return sendProblem(reply, sms.problem, sms.invalid ? { invalid_parameters: sms.invalid } : {});
    if ((await playScenario(ctx, 'messages', sms.to, reply, refusals)) === 'answered') return reply;

    const uuid = randomUUID();
    ctx.outbox.record({
      to: sms.to,
      text: sms.text,
      at: ctx.now(),
      channel: 'sms',
      kind: 'message',
      id: uuid,
      status: 'submitted',
      from: sms.from,
    });
    ctx.timers.after(DELIVERY_DELAY_MS, () => {
      const report = statusReport(ctx, uuid, sms);
      ctx.outbox.setStatus(uuid, report.status);
      const url = sms.webhookUrl ?? ctx.messageStatusUrl();
      if (url !== undefined) void ctx.webhooks.deliver(url, report);
    });
    return reply.code(202).send({ message_uuid: uuid });
  });
}

/**
 * The phone texts back: the reply joins its thread in the outbox and goes to the inbound URL as
 * Vonage's Messages API posts an inbound SMS (`from` the phone, `to` the number it replied to).
 */
export async function receiveReply(
  ctx: SimulatorContext,
  args: { from: string; text: string },
): Promise<boolean> {
  const phone = digitsOnly(args.from);
  const repliedTo = ctx.outbox.list({ to: phone }).find((m) => m.kind === 'message')?.from ?? '';
  const uuid = randomUUID();
  const at = ctx.now();
  ctx.outbox.record({ to: phone, text: args.text, at, channel: 'sms', kind: 'reply', id: uuid });
  const url = ctx.inboundMessageUrl();
  if (url === undefined) return false;
  return ctx.webhooks.deliver(url, {
    channel: 'sms',
    message_uuid: uuid,
    message_type: 'text',
    to: repliedTo,
    from: phone,
    text: args.text,
    timestamp: at.toISOString(),
    sms: { num_messages: '1' },
  });
}
