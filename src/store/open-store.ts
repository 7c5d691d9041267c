import path from 'node:path';
import type { Env } from '../config/env.ts';
import type { Db } from './db.ts';
import { openPglite } from './db-pglite.ts';
import { openPostgres } from './db-postgres.ts';
import { migrate } from './migrate.ts';

/** DATABASE_URL selects a server; without it the embedded default is PGlite under DATA_DIR. Migrates on open. */
export async function openStore(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATA_DIR'>): Promise<Db> {
  const db = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, env.DATABASE_SCHEMA)
    : await openPglite(path.resolve(env.DATA_DIR, 'pglite'));
  await migrate(db);
  return db;
}
