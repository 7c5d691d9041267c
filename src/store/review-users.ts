import type { Queryable } from './db.ts';

export type Role = 'admin' | 'reviewer';
export const ROLES: readonly Role[] = ['admin', 'reviewer'];

export interface ReviewUser {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  disabled_at: Date | null;
}

/** Creates the account, or replaces password and role of an existing one (so `user add` also resets passwords). */
export async function upsertUser(
  q: Queryable,
  username: string,
  role: Role,
  passwordHash: string,
): Promise<{ created: boolean }> {
  const rows = await q.query<{ created: boolean }>(
    `INSERT INTO review_users (username, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, disabled_at = NULL
     RETURNING (xmax = 0) AS created`,
    [username, role, passwordHash],
  );
  return { created: rows[0]?.created ?? false };
}

export async function findUserByUsername(q: Queryable, username: string): Promise<ReviewUser | null> {
  const rows = await q.query<ReviewUser>(
    'SELECT id, username, role, password_hash, disabled_at FROM review_users WHERE username = $1',
    [username],
  );
  return rows[0] ?? null;
}

/** Accounts that can take a reply (the inbox's "Bearbeitung" filter and the reply's assignment). */
export async function listReviewerNames(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ username: string }>(
    'SELECT username FROM review_users WHERE disabled_at IS NULL ORDER BY username',
  );
  return rows.map((r) => r.username);
}
