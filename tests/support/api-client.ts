// A non-browser client of the API, like a script with a cookie jar: keeps the session cookie,
// and sends the session's CSRF token on changes — as the curl example in docs/api.md does.
import { randomUUID } from 'node:crypto';

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    /** Headers every request carries (a browser's Origin, a forwarded client address…). */
    readonly defaults: Record<string, string> = {},
  ) {}

  get sessionCookie(): string | undefined {
    return this.cookies.get('sid');
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; raw?: string | Uint8Array } = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...this.defaults, ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] ??= this.csrfToken;
    let body: string | Uint8Array | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value.join('=') === '') this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
    const text = await response.text();
    // A file the API hands out (text/csv) is kept as text; everything else is JSON.
    const isText = /^text\/(csv|plain|html)/.test(response.headers.get('content-type') ?? '');
    const parsed: unknown = text === '' ? null : isText ? text : JSON.parse(text);
    if (
      parsed &&
      typeof parsed === 'object' &&
      'csrfToken' in parsed &&
      typeof parsed.csrfToken === 'string'
    ) {
      this.csrfToken = parsed.csrfToken;
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { body, ...(headers ? { headers } : {}) });
  }

  put<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, { body });
  }

  get<T = Record<string, unknown>>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, headers ? { headers } : {});
  }

  order(items: unknown, key: string = randomUUID()) {
    return this.post('/api/website/order', { items }, { 'idempotency-key': key });
  }
}
