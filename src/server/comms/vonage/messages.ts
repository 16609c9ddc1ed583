// Text messages through the Messages API (the original's order confirmation channel).
import { SMS } from '@vonage/messages';
import type { VonageClients } from './clients.js';
import type { SendSms } from '../../ports/comms.js';
import { malformed, readRefusal, unavailable } from './provider-answers.js';

/** 4xx answers that retrying the same message cannot fix (bad number, blocked). A 402 (low
 * balance) is not among them: topping up fixes it, so the message waits and an alert fires. */
const PERMANENT = new Set([400, 403, 404, 422]);

export function createMessages(vonage: VonageClients, options: { from: string }) {
  const send: SendSms = async ({ to, text, reference }) => {
    try {
      const sms = new SMS({
        to: to.replace(/^\+/, ''),
        from: options.from,
        text,
        channel: 'sms',
        messageType: 'text',
        ...(reference === undefined ? {} : { clientRef: reference }),
      });
      const { messageUUID } = await vonage.messages.send(sms);
      if (typeof messageUUID !== 'string' || messageUUID === '') return malformed();
      return { outcome: 'accepted', messageId: messageUUID };
    } catch (error) {
      const refusal = await readRefusal(error);
      if (refusal?.status === 429) return { outcome: 'throttled' };
      if (refusal && PERMANENT.has(refusal.status))
        return { outcome: 'rejected', reason: `http_${refusal.status}` };
      return unavailable(error, refusal);
    }
  };
  return { send };
}
