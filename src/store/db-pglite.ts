import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, SqlParam } from './db.ts';

/** Embedded PostgreSQL in DATA_DIR. Single process only: PGlite allows one connection. */
export async function openPglite(dir: string | null): Promise<Db> {
  if (dir) await mkdir(dir, { recursive: true });
  const pglite = dir ? new PGlite(dir) : new PGlite();
  await pglite.waitReady;
  const run = async <R extends object>(c: Pick<PGlite, 'query'>, sql: string, params?: readonly SqlParam[]) =>
    (await c.query<R>(sql, params as unknown[] | undefined)).rows;

  return {
    engine: 'pglite',
    query: (sql, params) => run(pglite, sql, params),
    transaction: (fn) =>
      pglite.transaction(async (t) => {
        const tx: Queryable = { query: (sql, params) => run(t, sql, params) };
        return fn(tx);
      }),
    async exec(sql) {
      await pglite.exec(sql);
    },
    close: () => pglite.close(),
  };
}
