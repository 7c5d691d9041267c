/**
 * Errors are data with stable codes. Expected bad input is returned as a `Failure` and recorded on the item
 * (a message or a document); infrastructure faults are thrown and retried by the queue.
 */
export type FailureCode =
  | 'mail.too_large'
  | 'mail.malformed_mime'
  | 'mail.unparseable'
  | 'extract.unsupported_type'
  | 'extract.encrypted'
  | 'extract.corrupt'
  | 'extract.timeout'
  | 'extract.memory_limit'
  | 'extract.too_large'
  | 'extract.zip_bomb'
  | 'extract.empty'
  /** Not a failure of the document: it has no text layer and goes to the OCR queue. */
  | 'extract.needs_ocr'
  | 'extract.ocr_failed'
  | 'extract.failed'
  | 'classify.failed'
  | 'pipeline.unknown';

export interface Failure {
  readonly code: FailureCode;
  /** A sentence a reviewer can act on: what failed and why. */
  readonly detail: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: FailureCode, detail: string): { ok: false; error: Failure } => ({
  ok: false,
  error: { code, detail },
});

/** Thrown for bad configuration or invocation: the process stops with this message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Thrown when a stored record is missing or inconsistent: a bug or a lost write, never bad input. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
