import { IntegrityError } from '../core/errors.ts';
import type { Queryable } from './db.ts';

/** This database's identity (made by migration 004). */
export async function storeInstanceId(q: Queryable): Promise<string> {
  const [row] = await q.query<{ id: string }>('SELECT id FROM store_instance ORDER BY created_at LIMIT 1');
  if (!row)
    throw new IntegrityError('integrity.not_migrated', 'store_instance is empty: the database was not migrated');
  return row.id;
}

/** The Redis key prefix of this database's queues: QUEUE_PREFIX, namespaced by the database's identity. */
export async function queuePrefixFor(q: Queryable, base: string): Promise<string> {
  return `${base}-${await storeInstanceId(q)}`;
}
