// Reads what a Vonage call ended with when it did not simply succeed: an HTTP error with a body
// the SDK leaves unread, a timeout, a body that is not what the API documents.
import type { Unavailable } from '../../ports/comms.js';

/** How long an error answer's body may take to arrive once its status is known. */
const ERROR_BODY_WAIT_MS = 1000;

export interface ProviderRefusal {
  /** HTTP status of the answer. */
  status: number;
  /** The parsed JSON body, or `undefined` when it was not JSON. */
  body: unknown;
}

interface ResponseLike {
  status: number;
  text(): Promise<string>;
}

function responseOf(error: unknown): ResponseLike | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const { response } = error as { response?: unknown };
  if (typeof response !== 'object' || response === null) return undefined;
  const candidate = response as Partial<ResponseLike>;
  return typeof candidate.status === 'number' && typeof candidate.text === 'function'
    ? (candidate as ResponseLike)
    : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON is a fact about the answer, reported as `body: undefined`.
    return undefined;
  }
}

/**
 * A refusal with a status and body (4xx/5xx, or a 2xx the SDK could not decode), or `null` for
 * a failure without an answer (timeout, connection refused), which the caller maps to
 * `unavailable`.
 */
export async function readRefusal(error: unknown): Promise<ProviderRefusal | null> {
  const response = responseOf(error);
  if (!response) return null;
  let text = '';
  let timer: NodeJS.Timeout | undefined;
  // The SDK's own timeout is over once the headers are in: a stalled error body must not hang us.
  const giveUp = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      resolve('');
    }, ERROR_BODY_WAIT_MS);
  });
  try {
    text = await Promise.race([response.text(), giveUp]);
  } catch {
    // The body may already be consumed or cut off; the status alone still tells a lot.
  } finally {
    clearTimeout(timer);
  }
  return { status: response.status, body: parseJson(text) };
}

/** A success status whose body is not what the API documents: never a success. */
export function malformed(): Unavailable {
  return { outcome: 'unavailable', reason: 'malformed_answer' };
}

/** Statuses that mean our account or its configuration is wrong: alert, do not just retry. */
const MISCONFIGURED = new Set([401, 402, 403]);

/** The fail-closed answer for anything without a documented meaning. */
export function unavailable(error: unknown, refusal: ProviderRefusal | null): Unavailable {
  // A 2xx reaches here only when the SDK could not decode it: an answer we cannot read.
  if (refusal) {
    if (refusal.status < 300) return malformed();
    const prefix = MISCONFIGURED.has(refusal.status) ? 'misconfigured_' : '';
    return { outcome: 'unavailable', reason: `${prefix}http_${refusal.status}` };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return { outcome: 'unavailable', reason: name === 'AbortError' ? 'timeout' : `no_answer:${name}` };
}

/** The `request_id` Verify v2 puts in a 409 concurrent answer, when there is one. */
export function requestIdIn(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { request_id: id } = body as { request_id?: unknown };
  return typeof id === 'string' ? id : null;
}
