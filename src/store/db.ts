/**
 * One small interface over two engines: a PostgreSQL server (node-postgres) and embedded PGlite (Postgres in WASM).
 * The SQL is the same for both; only connection handling differs.
 */
export type SqlParam = string | number | boolean | null | Date | Uint8Array;

export interface Queryable {
  query<R extends object>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs fn in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
