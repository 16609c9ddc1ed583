// Support calls from the browser: asking, joining, hanging up, and the sandbox's WebRTC signalling.
import { z } from 'zod';
import { JoinedCall, type CallSignal } from '../../contract/calls.js';
import { Order } from '../../contract/orders.js';
import { sendJson } from './client.js';

/** Support calls: the customer asks for a video call about an order (or rejoins the open one). */
export function requestVideoCall(orderId: string, csrfToken: string | undefined): Promise<JoinedCall> {
  return sendJson('POST', `/api/website/orders/${encodeURIComponent(orderId)}/call`, JoinedCall, {
    body: {},
    csrfToken,
  });
}

export function requestCallback(
  orderId: string,
  reason: string,
  csrfToken: string | undefined,
): Promise<Order> {
  return sendJson('POST', `/api/website/orders/${encodeURIComponent(orderId)}/callback`, Order, {
    body: reason ? { reason } : {},
    csrfToken,
  });
}

export function joinCall(
  orderId: string,
  callId: string,
  csrfToken: string | undefined,
): Promise<JoinedCall> {
  return sendJson(
    'POST',
    `/api/staff/orders/${encodeURIComponent(orderId)}/calls/${encodeURIComponent(callId)}/join`,
    JoinedCall,
    { body: {}, csrfToken },
  );
}

/** Hangs up (either side), or marks a call back as done (staff). */
export async function endCall(
  side: 'customer' | 'staff',
  orderId: string,
  callId: string,
  csrfToken: string | undefined,
): Promise<void> {
  await sendJson('POST', `${callBase(side, orderId, callId)}/end`, z.unknown(), { body: {}, csrfToken });
}

export function callBase(side: 'customer' | 'staff', orderId: string, callId: string): string {
  const root = side === 'customer' ? '/api/website/orders' : '/api/staff/orders';
  return `${root}/${encodeURIComponent(orderId)}/calls/${encodeURIComponent(callId)}`;
}

/** Sandbox calls: a WebRTC message for the other browser. */
export async function sendCallSignal(
  side: 'customer' | 'staff',
  orderId: string,
  callId: string,
  signal: CallSignal,
  csrfToken: string | undefined,
): Promise<void> {
  await sendJson('POST', `${callBase(side, orderId, callId)}/signals`, z.null(), { body: signal, csrfToken });
}
