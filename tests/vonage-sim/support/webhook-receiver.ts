// A tiny HTTP server standing in for the app's webhook route: records each call, answers as told.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  /** The body exactly as sent (its hash is in the signature). */
  body: string;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
}

/** `statuses` are answered in turn (the last one repeats): [500, 200] fails once, then accepts. */
export async function startWebhookReceiver(statuses: number[] = [200]): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses[Math.min(calls.length, statuses.length) - 1] ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}/webhooks/message-status`, calls };
}
