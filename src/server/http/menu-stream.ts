// `GET /api/menu/events`: the customer menu pushed to open menu pages whenever it changes, so a
// price, an 86 or a new dish shows within about a second. One check a second per instance (the
// menu service's kept read) serves every open page; a change made on this instance goes out at
// once, one made on another (or by hand in the database) within the next check.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RefusedError } from '../domain/errors.js';
import type { MenuService } from '../services/menu.js';
import { startEventStream } from './order-stream.js';

const CHECK_EVERY_MS = 1000;
const HEARTBEAT_MS = 15_000;
/** Menu pages one address may keep open on an instance (a household, an office behind one NAT). */
const MAX_STREAMS_PER_ADDRESS = 20;
/** A page that has not taken this much of what was sent is not reading: it is let go. */
const MAX_UNREAD_BYTES = 1024 * 1024;

export interface MenuStreams {
  open(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export function createMenuStreams(
  app: FastifyInstance,
  deps: { menu: MenuService; current: () => Promise<{ body: string; etag: string }> },
): MenuStreams {
  const streams = new Set<ServerResponse>();
  const perAddress = new Map<string, number>();
  /** The menu as an event, rendered once for every stream. */
  let rendered: { etag: string; frame: Buffer } | null = null;
  /** The menu every open stream has been sent (a new stream gets the latest on its own). */
  let broadcast: string | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  async function latest(): Promise<{ etag: string; frame: Buffer }> {
    const { body, etag } = await deps.current();
    if (rendered?.etag !== etag)
      rendered = { etag, frame: Buffer.from(`event: menu\nid: ${etag}\ndata: ${body}\n\n`) };
    return rendered;
  }

  function send(stream: ServerResponse, frame: Buffer | string): void {
    if (stream.writableLength > MAX_UNREAD_BYTES) stream.destroy();
    else stream.write(frame);
  }

  async function check(): Promise<void> {
    try {
      const { etag, frame } = await latest();
      if (etag === broadcast) return;
      broadcast = etag;
      for (const stream of streams) send(stream, frame);
    } catch (error) {
      // The store did not answer (or the menu failed its contract): the pages keep the menu they
      // have, and the next check retries.
      app.log.warn({ err: error }, 'the live menu could not be read');
    }
  }

  deps.menu.onChange(() => {
    if (streams.size > 0) void check();
  });
  app.addHook('preClose', () => {
    for (const stream of streams) stream.end();
  });

  const startChecks = () => {
    timer = setInterval(() => void check(), CHECK_EVERY_MS);
    heartbeat = setInterval(() => {
      for (const stream of streams) send(stream, ': heartbeat\n\n');
    }, HEARTBEAT_MS);
    timer.unref();
    heartbeat.unref();
  };
  const stopChecks = () => {
    clearInterval(timer);
    clearInterval(heartbeat);
    broadcast = null;
  };

  return {
    async open(request, reply) {
      const address = request.ip;
      const open = perAddress.get(address) ?? 0;
      if (open >= MAX_STREAMS_PER_ADDRESS) {
        throw new RefusedError('rate_limited', 'Too many open menu pages from this address.', {
          retryAfterSeconds: 10,
        });
      }
      // The place is taken at once, so that pages opening together are counted together.
      perAddress.set(address, open + 1);
      const release = () => {
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      };
      let first: { etag: string; frame: Buffer };
      try {
        first = await latest();
      } catch (error) {
        release();
        throw error;
      }
      if (request.raw.socket.destroyed) {
        release();
        return;
      }
      const stream = startEventStream(reply);
      // A page that holds this menu already (it says which: the ETag of its GET /api/menu, or the
      // id of the last event before a reconnect) is sent only what comes after it.
      const held = request.headers['last-event-id'] ?? (request.query as { since?: string }).since;
      if (held !== first.etag) stream.write(first.frame);
      streams.add(stream);
      stream.write(': connected\n\n');
      if (streams.size === 1) {
        broadcast = first.etag;
        startChecks();
      }
      stream.on('close', () => {
        if (!streams.delete(stream)) return;
        release();
        if (streams.size === 0) stopChecks();
      });
    },
  };
}
