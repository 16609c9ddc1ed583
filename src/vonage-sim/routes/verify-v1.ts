// Verify v1 (legacy): /verify, /verify/check, /verify/control. Business errors are HTTP 200 with a status.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deliverCode } from '../code-delivery.js';
import type { SimulatorContext } from '../context.js';
import { admit, playScenario } from '../gate.js';
import { readParams, textField, type Params } from '../request-body.js';
import { randomDigits, type VerificationBook } from '../verifications.js';
import { notFound, refusals } from './verify-v1-answers.js';
import { invalid, missing, parseStart } from './verify-v1-params.js';

/** Reads the body and runs the gate; `undefined` when the answer has already been sent. */
function openCall(ctx: SimulatorContext, request: FastifyRequest, reply: FastifyReply): Params | undefined {
  const body = readParams(request);
  if (!body.ok) {
    reply.send(invalid('body'));
    return undefined;
  }
  const { params } = body;
  const bodyKey = { apiKey: params.api_key, apiSecret: params.api_secret };
  return admit(ctx, request, reply, { product: 'verify', accepts: ['basic'], refusals, bodyKey })
    ? params
    : undefined;
}

function requireText(params: Params, name: string): string | undefined {
  const value = textField(params, name);
  return value === undefined || value === '' ? undefined : value;
}

export function registerVerifyV1(app: FastifyInstance, ctx: SimulatorContext, book: VerificationBook): void {
  app.post('/verify/json', async (request, reply) => {
    const params = openCall(ctx, request, reply);
    if (!params) return reply;
    const start = parseStart(params);
    if ('status' in start) return reply.send(start);
    if ((await playScenario(ctx, 'verify', start.number, reply, refusals)) === 'answered') return reply;
    const inFlight = book.inFlightTo(start.number);
    if (inFlight)
      return reply.send({
        request_id: inFlight.id,
        status: '10',
        error_text: 'Concurrent verifications to the same number are not allowed',
      });
    const verification = book.open({
      // v1 ids are 32 hex characters.
      id: randomBytes(16).toString('hex'),
      to: start.number,
      brand: start.brand,
      steps: start.steps,
      lifetimeSeconds: start.pinExpirySeconds,
      code: randomDigits(start.codeLength),
    });
    deliverCode(verification, ctx);
    return reply.send({ request_id: verification.id, status: '0' });
  });

  app.post('/verify/check/json', async (request, reply) => {
    const params = openCall(ctx, request, reply);
    if (!params) return reply;
    const requestId = requireText(params, 'request_id');
    const code = requireText(params, 'code');
    if (requestId === undefined) return reply.send(missing('request_id'));
    if (code === undefined) return reply.send(missing('code'));
    if (!/^[0-9A-Za-z]{4,6}$/.test(code)) return reply.send(invalid('code'));
    const verification = book.find(requestId);
    if (!verification) return reply.send(notFound(requestId));
    if ((await playScenario(ctx, 'verify', verification.to, reply, refusals)) === 'answered') return reply;
    switch (book.check(requestId, code)) {
      case 'verified':
        return reply.send({
          request_id: requestId,
          event_id: randomBytes(8).toString('hex').toUpperCase(),
          status: '0',
          price: '0.10000000',
          currency: 'EUR',
          estimated_price_messages_sent: '0.03330000',
        });
      case 'wrong-code':
        return reply.send({
          request_id: requestId,
          status: '16',
          error_text: 'The code inserted does not match the expected value',
        });
      case 'too-many-wrong-codes':
        return reply.send({
          request_id: requestId,
          status: '17',
          error_text: 'The wrong code was provided too many times. Request terminated',
        });
      case 'not-found':
        return reply.send(notFound(requestId));
    }
  });

  app.post('/verify/control/json', async (request, reply) => {
    const params = openCall(ctx, request, reply);
    if (!params) return reply;
    const requestId = requireText(params, 'request_id');
    const command = requireText(params, 'cmd');
    if (requestId === undefined) return reply.send(missing('request_id'));
    if (command === undefined) return reply.send(missing('cmd'));
    if (command !== 'cancel' && command !== 'trigger_next_event') return reply.send(invalid('cmd'));
    const gone = {
      status: '6',
      error_text: `The requestId '${requestId}' does not exist or its no longer active.`,
    };
    const verification = book.find(requestId);
    if (!verification) return reply.send(gone);
    if ((await playScenario(ctx, 'verify', verification.to, reply, refusals)) === 'answered') return reply;
    const refused = (errorText: string) => reply.send({ status: '19', error_text: errorText });

    if (command === 'cancel') {
      switch (book.cancel(requestId)) {
        case 'cancelled':
          return reply.send({ status: '0', command });
        case 'too-early':
          return refused(
            `Verification request ['${requestId}'] can't be cancelled within the first 30 seconds.`,
          );
        case 'too-late':
          return refused(
            `Verification request ['${requestId}'] can't be cancelled now. Too many attempts to re-deliver have already been made.`,
          );
        case 'not-found':
          return reply.send(gone);
      }
    }
    const next = book.advance(requestId);
    if (next === 'not-found') return reply.send(gone);
    if (next === 'no-more-steps')
      return refused(`No more events are left to execute for the request ['${requestId}']`);
    deliverCode(next.advanced, ctx);
    return reply.send({ status: '0', command });
  });
}
