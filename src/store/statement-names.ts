import { createHash } from 'node:crypto';

/**
 * Names for server-side prepared statements, one per distinct SQL text. An unnamed statement is parsed and planned
 * by PostgreSQL on every execution; the stage writes are large CTEs, and measured on bench:pipeline parse + bind
 * took more server time than executing them. A named statement is parsed once per connection and its plan cached
 * (PostgreSQL still re-plans per execution when a generic plan would cost more).
 *
 * Names derive from the text, so one name never stands for two texts on a connection (node-postgres refuses that).
 * Each connection keeps every statement it prepared, so only the first `limit` distinct texts of a process get a
 * name: SQL built for a varying number of rows (a multi-row blob insert) must not grow that set without bound.
 */
export function createStatementNamer(limit = 500): (sql: string) => string | undefined {
  const names = new Map<string, string>();
  return (sql) => {
    const known = names.get(sql);
    if (known !== undefined || names.size >= limit) return known;
    const name = `r_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
    return name;
  };
}
