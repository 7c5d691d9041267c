import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { mailboxKey, resolveMailboxAuth, type MailboxConfig } from '../../config/mailbox.ts';
import { loadMailboxConfig } from '../../config/pipeline.ts';
import { ConfigError } from '../../core/errors.ts';
import { MailboxListener } from '../../ingest/imap/listener.ts';
import { checkRedisDurability } from '../../ingest/imap/redis-check.ts';
import { withTimeout } from '../../ingest/imap/backoff.ts';
import { connectRedis } from '../../queue/redis.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

export interface ListenOptions {
  /** Pipelines whose mailboxes to watch; default: every pipeline under PIPELINES_DIR with a `mailbox:` section. */
  pipeline?: string[];
}

/** The mailbox configs to run; fails (ConfigError) before anything connects when one is invalid or lacks its secret. */
/** `required`: `listen` has nothing to do without a mailbox; `start` still runs the workers and the workspace. */
export async function selectMailboxes(
  rt: Runtime,
  ids: readonly string[] | undefined,
  required = true,
): Promise<MailboxConfig[]> {
  const candidates = ids && ids.length > 0 ? ids : await listPipelineIds(rt.env.PIPELINES_DIR);
  const configs: MailboxConfig[] = [];
  for (const id of candidates) {
    const cfg = await loadMailboxConfig(rt.env.PIPELINES_DIR, id);
    if (!cfg) {
      if (ids && ids.length > 0) throw new ConfigError(`pipeline ${id} has no mailbox: section in its pipeline.yaml`);
      continue;
    }
    await rt.ctx.loadPipeline(id); // the pipeline itself must be valid before mail is taken in for it
    await resolveMailboxAuth(cfg, process.env); // the secret must be there now, not at the first reconnect
    configs.push(cfg);
  }
  if (configs.length === 0 && required)
    throw new ConfigError(`no pipeline under ${rt.env.PIPELINES_DIR} has a mailbox: section; add one to pipeline.yaml`);
  const keys = configs.map(mailboxKey);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new ConfigError(`mailbox ${dup} is configured for more than one pipeline`);
  return configs;
}

async function listPipelineIds(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (cause) {
    throw new ConfigError(`cannot read PIPELINES_DIR ${dir}`, { cause });
  }
}

export interface RunningListeners {
  listeners: MailboxListener[];
  stop(): Promise<void>;
}

/** Starts one listener per mailbox; they share a Redis connection for their locks. */
export async function startListeners(rt: Runtime, configs: readonly MailboxConfig[]): Promise<RunningListeners> {
  const redis: Redis = connectRedis(rt.env.REDIS_URL, 'producer');
  // This connection fails commands while offline instead of queueing them: wait until it is up once.
  if (redis.status !== 'ready')
    await withTimeout(once(redis, 'ready'), 10_000, 'connecting to Redis').catch(() => undefined);
  await checkRedisDurability(redis, rt.logger);
  const listeners = configs.map(
    (cfg) =>
      new MailboxListener(cfg, {
        db: rt.db,
        enqueueNext: rt.enqueueNext,
        redis,
        lockPrefix: rt.env.QUEUE_PREFIX,
        logger: rt.logger,
        secrets: process.env,
      }),
  );
  for (const l of listeners) l.start();
  return {
    listeners,
    async stop() {
      await Promise.all(listeners.map((l) => l.stop()));
      redis.disconnect();
    },
  };
}

/** Resolves on the first SIGTERM or SIGINT. */
export function untilSignal(rt: Runtime, what: string): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      rt.logger.info({ signal }, `shutting down ${what}`);
      resolve(signal);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** `ruecklauf listen`: the IMAP listeners alone (stage workers run elsewhere), until SIGTERM/SIGINT. */
export async function runListen(opts: ListenOptions): Promise<number> {
  const rt = await openRuntime();
  try {
    const configs = await selectMailboxes(rt, opts.pipeline);
    const running = await startListeners(rt, configs);
    rt.logger.info({ mailboxes: configs.map(mailboxKey) }, 'listening');
    await untilSignal(rt, 'listeners: stop fetching, log out');
    await running.stop();
    rt.logger.info('listeners stopped');
    return 0;
  } finally {
    await rt.close();
  }
}
