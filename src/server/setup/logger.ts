// The one logger (pino, JSON lines): secrets are redacted wherever they appear in a logged object,
// and request addresses are logged without the values of their query strings.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';

/** Values that must never reach a log line (SEC-19). */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.tfaPin',
  '*.uri',
];

/**
 * Query parameter names logged as such: the app's own, and those a script may send credentials
 * under. Any other name may itself be a secret (`?dGhpc2lz…=`): it is logged as `…`.
 */
const LOGGED_NAMES = new Set([
  'before',
  'limit',
  'reset',
  'to',
  'username',
  'password',
  'tfaPin',
  'code',
  'token',
  'sid',
  'phone',
]);

/**
 * `/path?name=value&…` as `/path?name=…&…`. No route reads a secret from the query string, but a
 * script may still send one there (`?username=…&password=…`): the names help whoever reads the
 * log, the values could be credentials, codes or tokens (H6).
 */
export function withoutQueryValues(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const names = url
    .slice(start + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const cut = pair.indexOf('=');
      const name = cut === -1 ? '' : pair.slice(0, cut);
      return LOGGED_NAMES.has(name) ? `${name}=…` : '…';
    });
  return `${url.slice(0, start)}?${names.join('&')}`;
}

/** What Fastify logs of a request: its default fields, the address without query values. */
interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

const serializers = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: withoutQueryValues(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

export function createLogger(config: Config, stream?: DestinationStream): Logger {
  const options = {
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers,
  };
  return stream ? pino(options, stream) : pino(options);
}
