// The one logger (pino, JSON lines): secrets are redacted wherever they appear in a logged object.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** Values that must never reach a log line (SEC-19). */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.tfaPin',
  '*.uri',
];

export function createLogger(config: Config, stream?: DestinationStream): Logger {
  const options = { level: config.log.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return stream ? pino(options, stream) : pino(options);
}
