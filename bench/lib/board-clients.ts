// Kitchen boards for the fan-out scenario: many plain HTTP clients on the staff event stream,
// each noting when it received which order.
import { request, type ClientRequest } from 'node:http';

export interface BoardClients {
  /** Resolves when `orderId`'s first event reached every client: when it reached each (performance.now()). */
  arrivals(orderId: string): Promise<number[]>;
  close(): void;
}

export async function openBoardClients(url: string, cookies: string[], count: number): Promise<BoardClients> {
  const requests: ClientRequest[] = [];
  /** Per order: when each client first received it (later events of the order do not count). */
  const seen = new Map<string, Map<number, number>>();
  const waiting = new Map<string, () => void>();
  /**
   * One board client: resolves once its stream follows the orders (the server's `: connected`),
   * trying again after a 503, or after a stream that ended before it (the store was busy), as a
   * browser's EventSource would.
   */
  const connect = async (i: number): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      const status = await new Promise<number | 'ended'>((resolve, reject) => {
        const req = request(
          `${url}/api/staff/kitchen/events`,
          {
            headers: { cookie: cookies[i % cookies.length] ?? '', accept: 'text/event-stream' },
            agent: false,
          },
          (response) => {
            if (response.statusCode !== 200) {
              response.resume();
              resolve(response.statusCode ?? 0);
              return;
            }
            requests.push(req);
            let buffer = '';
            response.setEncoding('utf8');
            // Before `: connected` only; after it, settling again does nothing.
            response.on('close', () => {
              resolve('ended');
            });
            response.on('data', (chunk: string) => {
              buffer += chunk;
              let end = buffer.indexOf('\n\n');
              while (end >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                end = buffer.indexOf('\n\n');
                if (block === ': connected') resolve(200);
                const data = /^data: (.*)$/m.exec(block)?.[1];
                if (!block.startsWith('event: order') || !data) continue;
                const id = /"id":"([0-9a-f]{24})"/.exec(data)?.[1];
                if (!id) continue;
                const times = seen.get(id) ?? new Map<number, number>();
                if (times.has(i)) continue;
                times.set(i, performance.now());
                seen.set(id, times);
                if (times.size === count) waiting.get(id)?.();
              }
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
      if (status === 200) return;
      if ((status !== 503 && status !== 'ended') || attempt >= 10) {
        throw new Error(
          `board client ${i}: ${status === 'ended' ? 'stream ended before it was connected' : `HTTP ${status}`}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  // Boards open 50 at a time, as a kitchen's tablets would come online, not all in one instant.
  for (let first = 0; first < count; first += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - first) }, (_, k) => connect(first + k)));
  }
  return {
    arrivals(orderId) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(orderId);
          resolve([...(seen.get(orderId)?.values() ?? [])]);
        };
        const timer = setTimeout(() => {
          waiting.delete(orderId);
          reject(
            new Error(`order ${orderId} reached ${seen.get(orderId)?.size ?? 0} of ${count} boards in 10 s`),
          );
        }, 10_000);
        if ((seen.get(orderId)?.size ?? 0) >= count) done();
        else waiting.set(orderId, done);
      });
    },
    close() {
      for (const req of requests) req.destroy();
    },
  };
}
