// A loopback TCP proxy a test can cut, hang and restore, to make a database fail as real ones do.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones: a stopped server (fails fast). */
  cut(): Promise<void>;
  /** Keeps every connection open but answers nothing, old or new: a hung server (fails slowly). */
  hang(): void;
  /** Forwards again; after `cut`, listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const silent = new Set<net.Socket>();
  let hanging = false;

  const server = net.createServer((client) => {
    if (hanging) {
      // Accept, then never answer: the handshake waits until someone gives up.
      silent.add(client);
      client.on('error', () => undefined);
      client.on('close', () => silent.delete(client));
      return;
    }
    const upstream = net.connect(target);
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      server.listen(port, '127.0.0.1', () => {
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      for (const socket of silent) socket.destroy();
      if (!server.listening) resolve();
      else
        server.close(() => {
          resolve();
        });
    });

  await listen(0);
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  const { port } = address;
  return {
    port,
    cut: stop,
    hang: () => {
      hanging = true;
      // Requests already on the wire go nowhere, and no answer comes back.
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
      }
    },
    restore: async () => {
      hanging = false;
      for (const socket of silent) socket.destroy();
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      if (!server.listening) await listen(port);
    },
    close: stop,
  };
}

/** `mongodb://host:port/...` → its first host and port. */
export function hostAndPort(uri: string): { host: string; port: number } {
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^:/,?]+)(?::(\d+))?/.exec(uri);
  if (!match?.[1]) throw new Error(`cannot proxy ${uri}: only plain mongodb://host:port URIs`);
  return { host: match[1], port: Number(match[2] ?? 27017) };
}
