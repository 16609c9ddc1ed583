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
  let connected = 0;
  await new Promise<void>((resolve, reject) => {
    for (let i = 0; i < count; i += 1) {
      const req = request(
        `${url}/api/staff/kitchen/events`,
        { headers: { cookie: cookies[i % cookies.length] ?? '', accept: 'text/event-stream' }, agent: false },
        (response) => {
          if (response.statusCode !== 200) {
            reject(new Error(`board client ${i}: HTTP ${response.statusCode}`));
            return;
          }
          connected += 1;
          if (connected === count) resolve();
          let buffer = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            buffer += chunk;
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
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
      requests.push(req);
    }
  });
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
