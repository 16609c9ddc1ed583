// Talks to the Von Appétit API: every answer from the network is checked against the shared
// contract, every failure becomes an ApiError. The answers the page came with (pageAnswers.ts)
// need no request, and no check: the server checked them against the same contract, in the same
// response as the scripts of the same build. So the first paint needs no schema library: the
// schemas this file checks against (answerSchemas.ts, zod with them) load with the first answer
// that comes over the network.
import type { z } from 'zod';
import type { NextStep, SessionInfo } from '../../contract/auth.js';
import { CSRF_HEADER } from '../../contract/headers.js';
import type { CustomerMenu } from '../../contract/menu.js';
import type { PlaceOrderRequest } from '../../contract/order-requests.js';
import type { Order, OrderPage } from '../../contract/orders.js';
import type { Problem } from '../../contract/problem.js';
import type { RestaurantInfo } from '../../contract/restaurant.js';
import { takePageAnswer } from './pageAnswers.js';

type Schemas = typeof import('./answerSchemas.js');

const UNREACHABLE = 'We could not reach the restaurant. Check your connection and try again.';

/** The schemas, or the ApiError a customer sees when their file cannot be fetched (a bad signal). */
async function schemas(): Promise<Schemas> {
  try {
    return await import('./answerSchemas.js');
  } catch (cause) {
    throw new ApiError('network', UNREACHABLE, { cause });
  }
}

/** A schema, or (for the answers this file asks for) which one, loaded when first needed. */
type Checked<Schema extends z.ZodType> = Schema | ((loaded: Schemas) => Schema);

/** Answers read from the page, not the network: checked by the server already. */
const fromPage = new WeakSet<Response>();

/** Why a call failed, so callers can react without parsing messages. */
export type ApiErrorKind = 'network' | 'timeout' | 'problem' | 'http' | 'invalid-response';

/** A failed API call, with a message fit to show a customer as is. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** HTTP status when the server answered at all. */
  readonly status: number | undefined;
  /** The server's problem details, kept for logs and support; never shown raw. */
  readonly problem: Problem | undefined;

  constructor(
    kind: ApiErrorKind,
    message: string,
    details: { status?: number; problem?: Problem; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.problem = details.problem;
  }
}

// Long enough for a slow phone network, short enough that a hungry customer gets a Try again button.
const TIMEOUT_MS = 15_000;

/** GETs `path` and returns its body parsed by `schema`; throws ApiError on any failure. */
export async function getJson<Schema extends z.ZodType>(
  path: string,
  schema: Checked<Schema>,
  signal?: AbortSignal,
): Promise<z.output<Schema>> {
  const response = await send(path, signal);
  if (!response.ok) throw await errorFrom(response);
  return bodyOf(response, schema);
}

/** The answer's body (`null` for 204) checked against `schema`, or an ApiError. */
async function bodyOf<Schema extends z.ZodType>(
  response: Response,
  schema: Checked<Schema>,
  loaded?: Schemas,
): Promise<z.output<Schema>> {
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  if (fromPage.has(response)) return body as z.output<Schema>;
  const check = typeof schema === 'function' ? schema(loaded ?? (await schemas())) : schema;
  const parsed = check.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      'invalid-response',
      'The restaurant sent a reply we could not understand. Please try again later.',
      { status: response.status, cause: parsed.error },
    );
  }
  return parsed.data;
}

/**
 * Sends a change as JSON with the session's CSRF token (kept in memory only, never in web
 * storage) and returns the answer parsed by `schema` (`null` for 204).
 */
export async function sendJson<Schema extends z.ZodType>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: Checked<Schema>,
  options: { body?: unknown; csrfToken?: string | undefined; idempotencyKey?: string } = {},
): Promise<z.output<Schema>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.csrfToken) headers[CSRF_HEADER] = options.csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  // Loaded before the change goes: one that succeeds must not read as failed for want of them.
  const loaded = await schemas();
  const response = await send(path, undefined, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) throw await errorFrom(response, loaded);
  return bodyOf(response, schema, loaded);
}

/** Sends a file as the body (a dish photo), with a minute to upload it. */
export async function sendFile<Schema extends z.ZodType>(
  path: string,
  schema: Checked<Schema>,
  options: { file: Blob; csrfToken?: string | undefined },
): Promise<z.output<Schema>> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/octet-stream',
  };
  if (options.csrfToken) headers[CSRF_HEADER] = options.csrfToken;
  const loaded = await schemas();
  const response = await send(path, AbortSignal.timeout(60_000), {
    method: 'PUT',
    headers,
    body: options.file,
  });
  if (!response.ok) throw await errorFrom(response, loaded);
  return bodyOf(response, schema, loaded);
}

async function send(path: string, signal: AbortSignal | undefined, init?: RequestInit): Promise<Response> {
  // The page's own answer, the first time it is asked for.
  const answer = init ? undefined : takePageAnswer(path);
  if (answer) {
    fromPage.add(answer);
    return answer;
  }
  try {
    return await fetch(path, {
      ...(init ?? { method: 'GET', headers: { Accept: 'application/json' } }),
      credentials: 'same-origin',
      signal: signal ?? AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'TimeoutError') {
      throw new ApiError('timeout', 'The restaurant is taking too long to answer. Please try again.', {
        cause,
      });
    }
    throw new ApiError('network', UNREACHABLE, { cause });
  }
}

const OUR_SIDE = 'Something went wrong on our side. Please try again in a moment.';

/** What a person is told of a server-side failure: which part is down, never its details. */
const NO_TEXTS = "We can't send texts right now; try again in a few minutes.";
const UNAVAILABLE: Record<string, string> = { otp_unavailable: NO_TEXTS, sms_budget_exhausted: NO_TEXTS };

async function errorFrom(response: Response, loaded?: Schemas): Promise<ApiError> {
  const status = response.status;
  const body: unknown = await response.json().catch(() => undefined);
  const problem = (loaded ?? (await schemas())).Problem.safeParse(body);
  if (problem.success) {
    // Server-side details are for engineers; a customer only needs to know it is not their fault.
    const message =
      status >= 500
        ? (UNAVAILABLE[problem.data.code] ?? OUR_SIDE)
        : (problem.data.detail ?? problem.data.title);
    return new ApiError('problem', message, { status, problem: problem.data });
  }
  return new ApiError(
    'http',
    status >= 500 ? OUR_SIDE : `The restaurant could not handle that request (error ${status}).`,
    { status },
  );
}

/** The menu in sections: categories in order, every dish (sold out ones marked). */
export async function fetchMenu(signal?: AbortSignal): Promise<{ menu: CustomerMenu; etag: string | null }> {
  const response = await send('/api/menu', signal);
  if (!response.ok) throw await errorFrom(response);
  return {
    menu: await bodyOf(response, (loaded) => loaded.CustomerMenu),
    etag: response.headers.get('etag'),
  };
}

/** The restaurant's name and how it shows money. */
export function fetchRestaurant(signal?: AbortSignal): Promise<RestaurantInfo> {
  return getJson('/api/restaurant', (loaded) => loaded.RestaurantInfo, signal);
}

/** Customers sign in under /api/website, staff under /api/staff. */
export type Surface = 'customer' | 'staff';
const authBase = (surface: Surface) => (surface === 'customer' ? '/api/website' : '/api/staff');

/** Who is signed in, or `null` when nobody is (204, or 401 for a session that just ended). */
export async function fetchSession(surface: Surface = 'customer'): Promise<SessionInfo | null> {
  const response = await send(`${authBase(surface)}/session`, undefined);
  if (response.status === 204 || response.status === 401) return null;
  if (!response.ok) throw await errorFrom(response);
  return bodyOf(response, (loaded) => loaded.SessionInfo);
}

export function register(form: { username: string; password: string; phone: string }): Promise<NextStep> {
  return sendJson('POST', '/api/website/register', (loaded) => loaded.NextStep, { body: form });
}

export function authenticate(
  form: { username: string; password: string },
  surface: Surface = 'customer',
): Promise<NextStep> {
  return sendJson('POST', `${authBase(surface)}/authenticate`, (loaded) => loaded.NextStep, { body: form });
}

export function verifyCode(
  tfaPin: string,
  csrfToken: string | undefined,
  surface: Surface = 'customer',
): Promise<SessionInfo> {
  return sendJson('POST', `${authBase(surface)}/authenticate/verify`, (loaded) => loaded.SessionInfo, {
    body: { tfaPin },
    csrfToken,
  });
}

export function resendCode(
  csrfToken: string | undefined,
  surface: Surface = 'customer',
): Promise<SessionInfo> {
  return sendJson('POST', `${authBase(surface)}/authenticate/resend`, (loaded) => loaded.SessionInfo, {
    csrfToken,
  });
}

export async function logout(csrfToken: string | undefined, surface: Surface = 'customer'): Promise<void> {
  await sendJson('POST', `${authBase(surface)}/logout`, (loaded) => loaded.Nothing, { csrfToken });
}

export function placeOrder(
  body: PlaceOrderRequest,
  options: { csrfToken: string | undefined; idempotencyKey: string },
): Promise<Order> {
  return sendJson('POST', '/api/website/order', (loaded) => loaded.Order, { body, ...options });
}

export function fetchOrders(before?: string): Promise<OrderPage> {
  const query = before === undefined ? '' : `?before=${encodeURIComponent(before)}`;
  return getJson(`/api/website/orders${query}`, (loaded) => loaded.OrderPage);
}

export function fetchOrder(id: string): Promise<Order> {
  return getJson(`/api/website/orders/${encodeURIComponent(id)}`, (loaded) => loaded.Order);
}
