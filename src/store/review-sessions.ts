import type { Queryable } from './db.ts';
import type { Role } from './review-users.ts';

export interface SessionUser {
  userId: number;
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

export async function insertSession(
  q: Queryable,
  s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await q.query('INSERT INTO review_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
    s.tokenHash,
    s.userId,
    s.csrfToken,
    s.expiresAt,
  ]);
}

/** The live session of a token hash with its user; expired sessions and disabled users yield null. */
export async function findSession(q: Queryable, tokenHash: string): Promise<SessionUser | null> {
  const rows = await q.query<{
    user_id: number;
    username: string;
    role: Role;
    csrf_token: string;
    expires_at: Date;
    last_seen_at: Date;
  }>(
    `SELECT s.user_id, u.username, u.role, s.csrf_token, s.expires_at, s.last_seen_at
     FROM review_sessions s JOIN review_users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  const r = rows[0];
  return r
    ? {
        userId: r.user_id,
        username: r.username,
        role: r.role,
        csrfToken: r.csrf_token,
        expiresAt: r.expires_at,
        lastSeenAt: r.last_seen_at,
      }
    : null;
}

export async function extendSession(q: Queryable, tokenHash: string, expiresAt: Date): Promise<void> {
  await q.query('UPDATE review_sessions SET last_seen_at = now(), expires_at = $2 WHERE token_hash = $1', [
    tokenHash,
    expiresAt,
  ]);
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM review_sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(q: Queryable): Promise<void> {
  await q.query('DELETE FROM review_sessions WHERE expires_at <= now()');
}
