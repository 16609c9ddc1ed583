// Verify v1's answers to failures: HTTP 200 with a string status and error_text (500 only when down).
import type { Refusals } from '../gate.js';
import { missing } from './verify-v1-params.js';

export const refusals: Refusals = {
  unauthorized: (reply, failure) =>
    reply.send(
      failure === 'missing'
        ? missing('api_key')
        : { status: '4', error_text: 'Invalid credentials were provided' },
    ),
  throttled: (reply) => reply.send({ status: '1', error_text: 'Throttled' }),
  providerDown: (reply) => reply.code(500).send({ status: '5', error_text: 'Internal Error' }),
  blocked: (reply) =>
    reply.send({
      status: '7',
      error_text: 'The number you are trying to verify is blacklisted for verification.',
      network: '310555',
    }),
};

export const notFound = (requestId: string) => ({
  request_id: requestId,
  status: '6',
  error_text: `The Vonage platform was unable to process this message for the following reason: Request '${requestId}' was not found or it has been verified already.`,
});
