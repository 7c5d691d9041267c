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
  | 'pipeline.unknown'
  /** A job stopped without retries on an error no retry can cure (below); recorded on the item first. */
  | IntegrityCode
  | ConfigCode;

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

export type ConfigCode = 'config.invalid';

/** Thrown for bad configuration or invocation: the process stops with this message; a job fails without retries. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigCode = 'config.invalid';
}

export type IntegrityCode =
  /** A row the job or request refers to is not there (deleted, or never written). */
  | 'integrity.row_missing'
  /** A row is there but the bytes it points to are not. */
  | 'integrity.bytes_missing'
  /** Bytes do not hash to the address they are stored under. */
  | 'integrity.hash_mismatch'
  /** The database lacks what migrations create. */
  | 'integrity.not_migrated';

/**
 * Thrown when a stored record is missing or inconsistent: a bug or a lost write, never bad input. Retrying cannot
 * bring a row back, so a job meeting one fails at once (see isPermanent).
 */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  constructor(
    readonly code: IntegrityCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Errors no retry can cure: the same input meets the same missing row or the same bad configuration again. Anything
 * else thrown (a lost connection, a timeout, a crash) is an infrastructure fault and retried with backoff.
 */
export function isPermanent(err: unknown): err is IntegrityError | ConfigError {
  return err instanceof IntegrityError || err instanceof ConfigError;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
