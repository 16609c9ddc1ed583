// Verify v2: /v2/verify (start, check, cancel, next_workflow). Errors are application/problem+json.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { deliverCode } from '../code-delivery.js';
import type { SimulatorContext } from '../context.js';
import { admit, playScenario } from '../gate.js';
import { sendProblem, type InvalidParameter } from '../problems.js';
import { readParams } from '../request-body.js';
import { randomDigits, type VerificationBook } from '../verifications.js';
import { parseV2Start } from './verify-v2-params.js';
import { conflict, notFound, PROBLEMS, problemRefusals } from './verify-v2-problems.js';

const invalidParams = (reply: FastifyReply, invalid: InvalidParameter[]) =>
  sendProblem(reply, PROBLEMS.invalidParams, { invalid_parameters: invalid });

const bodyIsNotJson: InvalidParameter[] = [
  { name: 'body', reason: 'The request body did not contain valid JSON' },
];

export function registerVerifyV2(app: FastifyInstance, ctx: SimulatorContext, book: VerificationBook): void {
  // The 2026 spec lists Basic beside JWT for every operation; the SDK always sends a JWT.
  const guard = { product: 'verify2', accepts: ['jwt', 'basic'], refusals: problemRefusals } as const;

  /**
   * The request a call is about, once it exists and its number's scenario lets the call go on;
   * `undefined` when the answer has already been sent (404, or the scenario's).
   */
  async function requestInPlay(id: string, reply: FastifyReply) {
    const verification = book.find(id);
    if (!verification) {
      await sendProblem(reply, notFound(id));
      return undefined;
    }
    const played = await playScenario(ctx, 'verify2', verification.to, reply, problemRefusals);
    return played === 'answered' ? undefined : verification;
  }

  app.post('/v2/verify', async (request, reply) => {
    if (!admit(ctx, request, reply, guard)) return reply;
    const body = readParams(request);
    if (!body.ok) return invalidParams(reply, bodyIsNotJson);
    const start = parseV2Start(body.params);
    if (Array.isArray(start)) return invalidParams(reply, start);
    const to = start.steps[0]?.to ?? '';
    if ((await playScenario(ctx, 'verify2', to, reply, problemRefusals)) === 'answered') return reply;
    const inFlight = book.inFlightTo(to);
    if (inFlight) return sendProblem(reply, PROBLEMS.concurrent, { request_id: inFlight.id });
    const verification = book.open({
      id: randomUUID(),
      to,
      brand: start.brand,
      steps: start.steps,
      lifetimeSeconds: start.channelTimeoutSeconds,
      code: start.code ?? randomDigits(start.codeLength),
    });
    deliverCode(verification, ctx);
    return reply.code(202).send({ request_id: verification.id });
  });

  app.post<{ Params: { id: string } }>('/v2/verify/:id', async (request, reply) => {
    if (!admit(ctx, request, reply, guard)) return reply;
    const body = readParams(request);
    if (!body.ok) return invalidParams(reply, bodyIsNotJson);
    const { code } = body.params;
    if (typeof code !== 'string' || !/^[a-zA-Z0-9]{4,10}$/.test(code))
      return invalidParams(reply, [{ name: 'code', reason: 'must be 4 to 10 letters and digits' }]);
    const { id } = request.params;
    if (!(await requestInPlay(id, reply))) return reply;
    switch (book.check(id, code)) {
      case 'verified':
        return reply.code(200).send({ request_id: id, status: 'completed' });
      case 'wrong-code':
        return sendProblem(reply, PROBLEMS.invalidCode);
      case 'too-many-wrong-codes':
        return sendProblem(reply, PROBLEMS.tooManyWrongCodes);
      case 'not-found':
        return sendProblem(reply, notFound(id));
    }
  });

  app.delete<{ Params: { id: string } }>('/v2/verify/:id', async (request, reply) => {
    if (!admit(ctx, request, reply, guard)) return reply;
    const { id } = request.params;
    if (!(await requestInPlay(id, reply))) return reply;
    switch (book.cancel(id)) {
      case 'cancelled':
        return reply.code(204).send();
      case 'too-early':
        return sendProblem(
          reply,
          conflict("Verification request can't be cancelled within the first 30 seconds."),
        );
      case 'too-late':
        return sendProblem(
          reply,
          conflict("Verification request can't be cancelled after its second event."),
        );
      case 'not-found':
        return sendProblem(reply, notFound(id));
    }
  });

  app.post<{ Params: { id: string } }>('/v2/verify/:id/next_workflow', async (request, reply) => {
    if (!admit(ctx, request, reply, guard)) return reply;
    const { id } = request.params;
    if (!(await requestInPlay(id, reply))) return reply;
    const next = book.advance(id);
    if (next === 'not-found') return sendProblem(reply, notFound(id));
    if (next === 'no-more-steps')
      return sendProblem(reply, conflict('There are no more workflows to move to.'));
    const { advanced } = next;
    // Each channel waits channel_timeout afresh, with a new code unless the step reuses the old one.
    if (advanced.steps[advanced.step]?.reuseCode !== true) advanced.code = randomDigits(advanced.code.length);
    advanced.expiresAt = new Date(ctx.now().getTime() + advanced.lifetimeSeconds * 1000);
    deliverCode(advanced, ctx);
    return reply.code(200).send();
  });
}
