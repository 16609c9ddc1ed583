// Reads a server-sent event stream the way EventSource does, for tests: each `event`/`id`/`data`
// block becomes one event; `next()` waits for the following one.
import type { ApiClient } from './api-client.js';

export interface StreamEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface EventStream {
  status: number;
  next(timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Resolves at the server's `: connected`: the stream now follows what it is for. */
  connected: Promise<void>;
  close(): void;
}

export async function openEventStream(
  client: ApiClient,
  path: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const abort = new AbortController();
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(`${client.baseUrl}${path}`, {
    headers: { ...client.defaults, ...(cookie ? { cookie } : {}), accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const queue: StreamEvent[] = [];
  const waiters: ((event: StreamEvent) => void)[] = [];
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    resolveEnded = resolve;
  });
  let resolveConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => {
    resolveConnected = resolve;
  });
  const deliver = (event: StreamEvent) => {
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  };
  void (async () => {
    if (!response.body) {
      resolveEnded();
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let split = buffer.indexOf('\n\n');
        while (split >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          split = buffer.indexOf('\n\n');
          if (block.split('\n').includes(': connected')) resolveConnected();
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line.includes(':')) continue;
            const at = line.indexOf(':');
            fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
          }
          if (fields.has('data')) {
            deliver({
              event: fields.get('event') ?? 'message',
              id: fields.get('id'),
              data: fields.get('data') ?? '',
            });
          }
        }
      }
    } catch {
      // aborted by close()
    }
    resolveEnded();
  })();
  return {
    status: response.status,
    next(timeoutMs = 5000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push((event) => {
          clearTimeout(timer);
          resolve(event);
        });
      });
    },
    ended,
    connected,
    close: () => {
      abort.abort();
    },
  };
}
