import pg from 'pg';
import type { Db, Queryable, SqlParam } from './db.ts';
import { createStatementNamer } from './statement-names.ts';

export interface PostgresOptions {
  /** Connections in the pool (default 10); bench:pipeline's statement census uses one, to attribute server CPU. */
  maxConnections?: number;
}

/** A pool whose every connection works inside `schema`, so test runs and deployments never collide. */
export async function openPostgres(url: string, schema: string, opts: PostgresOptions = {}): Promise<Db> {
  const bootstrap = new pg.Client({ connectionString: url });
  await bootstrap.connect();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await bootstrap.end();
  }
  // force_custom_plan: prepared statements (below) save parsing but are still planned for their values. A cached
  // generic plan made the classify write 3x slower on bench:pipeline (its tables grow while it runs).
  const pool = new pg.Pool({
    connectionString: url,
    options: `-c search_path=${schema} -c plan_cache_mode=force_custom_plan`,
    max: opts.maxConnections ?? 10,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  // Statements with parameters are the repeated ones (the stage jobs'); they run as named prepared statements.
  const statementName = createStatementNamer();
  const run = async <R extends object>(c: pg.Pool | pg.PoolClient, sql: string, params?: readonly SqlParam[]) => {
    const name = params?.length ? statementName(sql) : undefined;
    const config: pg.QueryConfig = { text: sql, values: (params ?? []) as unknown[], ...(name ? { name } : {}) };
    return (await c.query<R>(config)).rows;
  };

  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client is not covered by the pool's listener: if the server kills its connection between two
      // statements, pg emits 'error' on the client, which unhandled would crash the process. Remember it instead;
      // the next statement fails, the transaction is retried by its caller, and the broken client is destroyed.
      let lost: Error | null = null;
      const onError = (err: Error) => {
        lost = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        client.release(lost ?? undefined);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
