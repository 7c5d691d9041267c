import type { Queryable } from './db.ts';
import type { Role } from './review-users.ts';

export interface ApiTokenRow {
  id: number;
  username: string;
  label: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertApiToken(
  q: Queryable,
  o: { username: string; label: string; tokenHash: string },
): Promise<number | null> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO api_tokens (user_id, label, token_hash)
     SELECT id, $2, $3 FROM review_users WHERE username = $1 RETURNING id`,
    [o.username, o.label, o.tokenHash],
  );
  return rows[0]?.id ?? null;
}

export async function listApiTokens(q: Queryable): Promise<ApiTokenRow[]> {
  return q.query<ApiTokenRow>(
    `SELECT t.id, u.username, t.label, t.created_at, t.last_used_at, t.revoked_at
     FROM api_tokens t JOIN review_users u ON u.id = t.user_id ORDER BY t.id`,
  );
}

export async function revokeApiToken(q: Queryable, id: number): Promise<boolean> {
  const rows = await q.query<{ id: number }>(
    'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [id],
  );
  return rows.length > 0;
}

/** The live token's user (not revoked, account not disabled); marks it used at most once a minute. */
export async function findApiTokenUser(
  q: Queryable,
  tokenHash: string,
): Promise<{ userId: number; username: string; role: Role } | null> {
  const rows = await q.query<{ id: number; user_id: number; username: string; role: Role; stale: boolean }>(
    `SELECT t.id, t.user_id, u.username, u.role,
            (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
     FROM api_tokens t JOIN review_users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  if (r.stale) await q.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [r.id]);
  return { userId: r.user_id, username: r.username, role: r.role };
}
