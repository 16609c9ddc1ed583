// Callbacks from Vonage: message delivery status, texts customers send, and Verify v2 events. The signature is checked
// on the exact bytes received, before the body is even validated; a session cookie counts for
// nothing here.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contract/problem.js';
import type { Log } from '../../ports/log.js';
import type { Relay } from '../../background/relay.js';
import type { CustomerTexts } from '../../services/customer-texts.js';
import { sendProblem } from '../problem.js';
import { verifyWebhookSignature } from '../webhook-signature.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, for signature checks (webhook routes only). */
    rawBody?: Buffer;
  }
}

const MessageStatus = z.looseObject({
  message_uuid: z.string().min(1).max(64),
  to: z.string().max(64).optional(),
  timestamp: z.string().max(64),
  status: z.enum(['submitted', 'delivered', 'rejected', 'undeliverable', 'read']),
  client_ref: z.string().max(100).optional(),
  error: z.looseObject({ type: z.string().optional(), title: z.string().optional() }).optional(),
});

const VerifyEvent = z.looseObject({
  request_id: z.string().min(1).max(64),
  status: z.string().max(32),
  type: z.string().max(32).optional(),
});

/** A text a customer sent to the restaurant's number (Messages API inbound SMS). */
const InboundMessage = z.looseObject({
  message_uuid: z.string().min(1).max(64),
  channel: z.string().max(32).optional(),
  from: z.string().min(1).max(32),
  to: z.string().max(32).optional(),
  // Any length (the body limit holds): a long text is cut on the ticket, never refused.
  text: z.string().default(''),
  timestamp: z.string().max(64).optional(),
});

const Ack = z.object({ received: z.literal(true) });

export interface WebhookDeps {
  /** Vonage's signature secret; without one every webhook is refused (nothing can be verified). */
  signatureSecret: string | undefined;
  log: Log;
  now: () => Date;
  /** Records delivery statuses on the orders' notifications. */
  relay: Pick<Relay, 'recordDelivery'>;
  /** Puts customers' texts on their open orders. */
  texts: CustomerTexts;
}

export const webhookRoutes: FastifyPluginAsyncZod<WebhookDeps> = (
  app,
  { signatureSecret, log, now, relay, texts },
) => {
  // Keep the raw bytes: the signature covers them, not a decoding or re-serialisation of them.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    request.rawBody = bytes;
    try {
      done(null, JSON.parse(bytes.toString('utf8')));
    } catch {
      done(
        Object.assign(new Error('invalid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
      );
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    const check = signatureSecret
      ? verifyWebhookSignature({
          authorization: request.headers.authorization,
          rawBody: request.rawBody ?? Buffer.alloc(0),
          secret: signatureSecret,
          now: now(),
        })
      : ({ valid: false, reason: 'no_signature_secret_configured' } as const);
    if (check.valid) return;
    log.warn({ reason: check.reason, url: request.url }, 'webhook refused: signature not valid');
    await sendProblem(request, reply, {
      status: 401,
      code: 'invalid_signature',
      title: 'The signature is not valid',
    });
  });

  const common = { tags: ['webhooks'], response: { 200: Ack, 400: Problem, 401: Problem, 503: Problem } };

  app.post(
    '/api/webhooks/vonage/message-status',
    {
      schema: {
        ...common,
        summary: 'Delivery status of a text message (Vonage Messages API)',
        body: MessageStatus,
      },
    },
    async (request) => {
      const { message_uuid: messageId, status, client_ref: reference } = request.body;
      // Recorded before the answer: a database outage answers 503 and Vonage retries later.
      const known = await relay.recordDelivery({ reference, messageId, status });
      // An unknown message is acknowledged all the same, or Vonage would retry it for 24 hours.
      if (known) log.info({ messageId, status }, 'message status recorded');
      else log.info({ messageId, status, reference }, 'message status for no known notification: ignored');
      return { received: true as const };
    },
  );

  app.post(
    '/api/webhooks/vonage/inbound-message',
    {
      schema: {
        ...common,
        summary: "A text a customer sent to the restaurant's number (Vonage Messages API, inbound)",
        description:
          'Set as the inbound URL of the Vonage number texts are sent from. "HERE" from the phone of an open order tells the board the customer has arrived; any other text shows on the ticket. Nothing else is done with a text.',
        body: InboundMessage,
      },
    },
    async (request) => {
      const { message_uuid: messageId, from, text } = request.body;
      // Taken before the answer: a database outage answers 503 and Vonage retries later.
      const outcome = await texts.receive({ from, text, messageId });
      log.info({ messageId, outcome }, 'inbound text received');
      return { received: true as const };
    },
  );

  app.post(
    '/api/webhooks/vonage/verify-events',
    { schema: { ...common, summary: 'Status of a verification (Vonage Verify v2)', body: VerifyEvent } },
    (request) => {
      const { request_id: requestId, status } = request.body;
      // Request ids stay out of logs (SEC-19); a short digest still lets an operator match events.
      const verification = createHash('sha256').update(requestId).digest('hex').slice(0, 12);
      if (status === 'blocked')
        log.warn({ verification }, 'ALERT: Vonage blocked a verification (fraud check)');
      else log.info({ verification, status }, 'verification event received');
      return { received: true as const };
    },
  );
  return Promise.resolve();
};
