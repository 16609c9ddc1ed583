// Server-sent event streams of order changes, for customers (their own orders) and the kitchen
// (every order). One place for what every stream needs: session checks while open, heartbeats,
// a cap per session, replay from Last-Event-ID, and closing on sign-out or server shutdown.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DependencyUnavailableError, RefusedError } from '../domain/errors.js';
import type { Session } from '../domain/session.js';
import type { StoredEvent } from '../ports/store.js';
import type { AuthService } from '../services/auth.js';
import type { LiveEvents } from '../background/live-events.js';

const HEARTBEAT_MS = 15_000;
/** How often an open stream re-checks its session (RT4: closed within 5 s of a sign-out). */
const SESSION_RECHECK_MS = 4_000;
/** Tabs of one session that may follow orders live at once (on one instance). */
const MAX_STREAMS_PER_SESSION = 5;

export const LastEventIdHeader = z.looseObject({
  'last-event-id': z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});

export interface OrderStreams {
  /**
   * Hijacks the reply into a stream of `event: order` for `userId` (every order for `'*'`),
   * each payload passed through `shape` — the view this audience may see.
   */
  open(
    request: FastifyRequest,
    reply: FastifyReply,
    args: {
      session: Session;
      token: string | undefined;
      userId: string;
      shape: (payload: Record<string, unknown>) => unknown;
    },
  ): Promise<void>;
}

/**
 * Turns the reply into a server-sent event stream (the framework lets go of it). The caller
 * writes `: connected` once the stream follows what it is for: a stream that could not start
 * following (the store unavailable) ends before it, and the browser reconnects in 2 s.
 */
export function startEventStream(reply: FastifyReply): ServerResponse {
  reply.hijack();
  const stream = reply.raw;
  stream.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  stream.write('retry: 2000\n\n');
  return stream;
}

/**
 * Heartbeats for proxies, and a read-only session check (an open stream alone does not keep an
 * idle session alive): a refused session closes the stream; a database hiccup does not. Returns
 * what stops both.
 */
export function keepAlive(
  stream: ServerResponse,
  args: { auth: AuthService; token: string | undefined; close: () => void },
): () => void {
  const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
  const recheck = setInterval(() => {
    args.auth.sessionOf(args.token).catch((error: unknown) => {
      if (!(error instanceof DependencyUnavailableError)) args.close();
    });
  }, SESSION_RECHECK_MS);
  return () => {
    clearInterval(heartbeat);
    clearInterval(recheck);
  };
}

/**
 * An event as one audience's stream sends it, rendered once per event and view however many
 * streams carry it: a thousand kitchen boards cost one stringify and one UTF-8 encoding, and
 * share one buffer while it is being sent, not a thousand copies.
 */
const renderings = new WeakMap<StoredEvent, Map<(payload: Record<string, unknown>) => unknown, Buffer>>();

function rendered(event: StoredEvent, shape: (payload: Record<string, unknown>) => unknown): Buffer {
  let views = renderings.get(event);
  if (!views) {
    views = new Map();
    renderings.set(event, views);
  }
  let text = views.get(shape);
  if (text === undefined) {
    text = Buffer.from(`event: order\nid: ${event.seq}\ndata: ${JSON.stringify(shape(event.payload))}\n\n`);
    views.set(shape, text);
  }
  return text;
}

export function createOrderStreams(
  app: FastifyInstance,
  deps: {
    auth: AuthService;
    live: LiveEvents;
    sessionEnded: { subscribe(listener: (sessionId: string) => void): () => void };
  },
): OrderStreams {
  const streams = new Set<{ end(): void }>();
  const perSession = new Map<string, number>();
  app.addHook('preClose', () => {
    for (const stream of streams) stream.end();
  });

  return {
    async open(request, reply, { session, token, userId, shape }) {
      const open = perSession.get(session.id) ?? 0;
      if (open >= MAX_STREAMS_PER_SESSION) {
        throw new RefusedError('rate_limited', 'Too many live streams for this session.', {
          retryAfterSeconds: 5,
        });
      }
      perSession.set(session.id, open + 1);
      const lastHeader = request.headers['last-event-id'];
      const lastSeq =
        typeof lastHeader === 'string' && /^\d{1,15}$/.test(lastHeader) ? Number(lastHeader) : undefined;
      const stream = startEventStream(reply);
      streams.add(stream);
      const state = { closed: false };
      const cleanups: (() => void)[] = [];
      const close = () => {
        if (state.closed) return;
        state.closed = true;
        for (const cleanup of cleanups) cleanup();
        streams.delete(stream);
        stream.end();
      };
      request.raw.on('close', close);
      cleanups.push(keepAlive(stream, { auth: deps.auth, token, close }));
      cleanups.push(() => {
        const left = (perSession.get(session.id) ?? 1) - 1;
        if (left > 0) perSession.set(session.id, left);
        else perSession.delete(session.id);
      });
      cleanups.push(
        deps.sessionEnded.subscribe((ended) => {
          if (ended === session.id) close();
        }),
      );
      const send = (event: StoredEvent) => {
        if (!state.closed) stream.write(rendered(event, shape));
      };
      try {
        const unsubscribe = await deps.live.subscribe({ userId, lastSeq, listener: send });
        if (state.closed) unsubscribe();
        else {
          cleanups.push(unsubscribe);
          stream.write(': connected\n\n');
        }
      } catch (error) {
        request.log.warn({ err: error }, 'live stream could not start');
        close();
      }
    },
  };
}
