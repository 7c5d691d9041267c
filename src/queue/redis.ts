import { Redis } from 'ioredis';

/**
 * Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis and must wait through reconnects instead of
 * failing commands); producers fail fast so a caller can back off instead of hanging.
 */
export function connectRedis(url: string, role: 'worker' | 'producer'): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
  });
  redis.on('error', () => undefined); // reconnects are logged by their users; an unhandled 'error' would crash
  return redis;
}

/** Resolves when Redis answers PING within the timeout. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<boolean> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
