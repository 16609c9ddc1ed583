// Logs for tests: one that says nothing, and one that remembers what was said.
import type { Log } from '../../src/server/ports/log.js';

export const quietLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  details: object;
}

export function recordingLog(): { log: Log; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record = (level: LogLine['level']) => (details: object, message: string) => {
    lines.push({ level, message, details });
  };
  return { log: { info: record('info'), warn: record('warn'), error: record('error') }, lines };
}
