import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.ts';

export interface RedisDurability {
  appendonly: string | null;
  maxmemoryPolicy: string | null;
  problems: string[];
}

/**
 * Queued jobs live in Redis: without AOF a Redis restart loses them, and with an evicting maxmemory-policy Redis
 * drops them under memory pressure. PostgreSQL stays the source of truth (unfinished messages are requeued), but a
 * warning tells the operator how to fix it. CONFIG may be disabled (managed Redis): then we say we could not check.
 */
export async function checkRedisDurability(redis: Redis, logger: Logger): Promise<RedisDurability> {
  const result: RedisDurability = { appendonly: null, maxmemoryPolicy: null, problems: [] };
  try {
    result.appendonly = configValue(await redis.call('CONFIG', 'GET', 'appendonly'));
    result.maxmemoryPolicy = configValue(await redis.call('CONFIG', 'GET', 'maxmemory-policy'));
  } catch (err) {
    logger.warn(
      { event: 'redis.config_unreadable', err: err instanceof Error ? err.message : String(err) },
      'could not read Redis CONFIG (disabled?); make sure Redis runs with appendonly yes and maxmemory-policy noeviction',
    );
    return result;
  }
  if (result.appendonly !== null && result.appendonly !== 'yes')
    result.problems.push(
      `appendonly is "${result.appendonly}": set "appendonly yes" (AOF) so queued jobs survive a Redis restart`,
    );
  if (result.maxmemoryPolicy !== null && result.maxmemoryPolicy !== 'noeviction')
    result.problems.push(
      `maxmemory-policy is "${result.maxmemoryPolicy}": set "maxmemory-policy noeviction" so Redis never drops queued jobs`,
    );
  for (const problem of result.problems)
    logger.warn({ event: 'redis.not_durable', fix: problem }, 'Redis is not configured for durable queues');
  return result;
}

/** CONFIG GET answers [name, value] (RESP2) or {name: value} (RESP3). */
function configValue(reply: unknown): string | null {
  if (Array.isArray(reply)) return reply.length >= 2 ? String(reply[1]) : null;
  if (reply && typeof reply === 'object') {
    const values = Object.values(reply as Record<string, unknown>);
    return values.length > 0 ? String(values[0]) : null;
  }
  return null;
}
