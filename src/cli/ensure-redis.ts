import { spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';
import type { Env } from '../config/env.ts';
import type { Logger } from '../core/logger.ts';
import { pingRedis } from '../queue/redis.ts';

/**
 * Returns a Redis URL that answers. Where REDIS_URL does not answer and `allowPrivate` is set (the demo), a private
 * redis-server is started on a free loopback port with its files under DATA_DIR; otherwise we stop with a message saying how to get one.
 */
export async function ensureRedis(env: Env, logger: Logger, allowPrivate: boolean): Promise<string> {
  if (await pingRedis(env.REDIS_URL)) return env.REDIS_URL;
  const hint = `No Redis answers at REDIS_URL=${env.REDIS_URL}. Start one (apt-get install redis-server) or set REDIS_URL.`;
  if (!allowPrivate) throw new ConfigError(hint);
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new ConfigError(hint);
  const dir = path.resolve(env.DATA_DIR, 'redis');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  child.unref();
  process.once('exit', () => child.kill());
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await pingRedis(url, 200)); i++) await new Promise((r) => setTimeout(r, 100));
  logger.warn({ event: 'redis.private_started', url }, 'started a private redis-server for this run');
  return url;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
