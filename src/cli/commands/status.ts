import { loadEnv } from '../../config/env.ts';
import { openStore } from '../../store/open-store.ts';
import { countMessagesByState } from '../../store/messages.ts';
import { queuePrefixFor } from '../../store/instance.ts';
import { connectRedis, pingRedis } from '../../queue/redis.ts';
import { closeQueues, createQueues } from '../../queue/queues.ts';

/** Queue counts per stage (from Redis) and messages per state (from PostgreSQL). */
export async function runStatus(out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const env = loadEnv();
  const db = await openStore(env);
  let prefix: string;
  try {
    prefix = await queuePrefixFor(db, env.QUEUE_PREFIX);
    const states = await countMessagesByState(db);
    out.write('messages\n');
    for (const s of ['received', 'parsed', 'extracted', 'classified', 'failed'])
      out.write(`  ${s.padEnd(11)} ${states[s] ?? 0}\n`);
  } finally {
    await db.close();
  }
  if (!(await pingRedis(env.REDIS_URL))) {
    out.write(`queues\n  Redis at ${env.REDIS_URL} does not answer\n`);
    return;
  }
  const redis = connectRedis(env.REDIS_URL, 'producer');
  const queues = createQueues(redis, prefix);
  try {
    out.write('queues      waiting active delayed failed completed\n');
    for (const [name, q] of Object.entries(queues)) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      const cells = [c.waiting, c.active, c.delayed, c.failed, c.completed].map((n) => String(n ?? 0).padStart(7));
      out.write(`  ${name.padEnd(9)}${cells.join(' ')}\n`);
    }
  } finally {
    await closeQueues(queues);
    redis.disconnect();
  }
}
