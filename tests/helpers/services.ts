import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.ts';
import { openPglite } from '../../src/store/db-pglite.ts';
import { openPostgres } from '../../src/store/db-postgres.ts';
import { migrate } from '../../src/store/migrate.ts';

/** Real services on this machine; each test gets its own schema and Redis key prefix so runs never collide. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniqueName = (prefix: string): string =>
  `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

export type Engine = 'postgres' | 'pglite';
export const ENGINES: readonly Engine[] = ['postgres', 'pglite'];

export interface TestDb {
  db: Db;
  schema: string | null;
  drop(): Promise<void>;
}

export async function openTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'pglite') {
    const db = await openPglite(null);
    await migrate(db);
    return { db, schema: null, drop: () => db.close() };
  }
  const schema = uniqueName('test');
  const db = await openPostgres(POSTGRES_URL, schema);
  await migrate(db);
  return {
    db,
    schema,
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
