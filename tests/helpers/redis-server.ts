import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connectRedis } from '../../src/queue/redis.ts';
import { freePort } from './dovecot.ts';

export interface PrivateRedis {
  url: string;
  /** SIGKILL: what a crash or an OOM kill does; without persistence every key is gone. */
  stop(): Promise<void>;
  /** Kill and start again on the same port, empty (a Redis restart without persistence). */
  restart(): Promise<void>;
}

/** A private redis-server on a free port (no persistence), for faults the shared one must not see. */
export async function startRedisServer(args: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child = await launch(port, url, args);
  return {
    url,
    async stop() {
      await kill(child);
    },
    async restart() {
      await kill(child);
      child = await launch(port, url, args);
    },
  };
}

async function launch(port: number, url: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: 'ignore' },
  );
  const probe = connectRedis(url, 'worker');
  try {
    const deadline = Date.now() + 10_000;
    while ((await probe.ping().catch(() => '')) !== 'PONG') {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    probe.disconnect();
  }
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
