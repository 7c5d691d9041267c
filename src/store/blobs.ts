import { sha256Hex } from '../core/ids.ts';
import { IntegrityError } from '../core/errors.ts';
import type { Queryable } from './db.ts';

/** Stores bytes under their sha256 (idempotent) and returns the hash. */
export async function putBlob(q: Queryable, bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Hex(bytes);
  await q.query('INSERT INTO blobs (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
    sha256,
    bytes.byteLength,
    bytes,
  ]);
  return sha256;
}

export async function getBlob(q: Queryable, sha256: string): Promise<Uint8Array> {
  const rows = await q.query<{ bytes: Uint8Array }>('SELECT bytes FROM blobs WHERE sha256 = $1', [sha256]);
  const row = rows[0];
  if (!row) throw new IntegrityError(`blob ${sha256} is missing`);
  return row.bytes;
}
