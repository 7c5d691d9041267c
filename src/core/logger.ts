import { pino } from 'pino';
import type { LogEvent } from './log-events.ts';

/** A log line's fields: its event from the closed vocabulary (log-events.ts) and any values it reports. */
export interface LogFields {
  event: LogEvent;
  [field: string]: unknown;
}

/** Fields first, then a constant message; variables go into fields, never into the message. */
type LogMethod = (fields: LogFields, message: string) => void;

/**
 * pino, narrowed so that no line goes out without an event: the compiler rejects `logger.info('text')` and a field
 * object without `event`.
 */
export interface Logger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
  child(bindings: Record<string, unknown>): Logger;
}

/** Appends log lines to a file (its folder created), for runs whose terminal shows a progress bar and a result. */
export function logFileDestination(file: string): pino.DestinationStream {
  return pino.destination({ dest: file, mkdir: true, append: true, sync: true });
}

/**
 * One root logger; children carry fixed fields (component, messageId, jobId …). Logs go to stderr so that
 * commands whose stdout is data (export, classify) stay clean; `destination` sends them elsewhere (a file).
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { app: 'ruecklauf' },
      redact: { paths: ['password', '*.password', 'accessToken', '*.accessToken'], censor: '[redacted]' },
    },
    destination,
  );
}
