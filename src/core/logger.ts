import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One root logger; children carry fixed fields (component, messageId, jobId …). Logs go to stderr so that
 * commands whose stdout is data (export, classify) stay clean.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { app: 'ruecklauf' },
      redact: { paths: ['password', '*.password', 'accessToken', '*.accessToken'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
