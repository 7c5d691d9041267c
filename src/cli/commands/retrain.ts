import type { Command } from 'commander';
import { loadEnv } from '../../config/env.ts';
import { connectRedis } from '../../queue/redis.ts';
import { createTrainQueue, requestRetraining } from '../../queue/train-queue.ts';
import { queuePrefixFor } from '../../store/instance.ts';
import { openStore } from '../../store/open-store.ts';
import { listTrainingRuns, type TrainingRun } from '../../store/training-runs.ts';
import { ensureRedis } from '../ensure-redis.ts';
import { createLogger } from '../../core/logger.ts';
import { userInfo } from 'node:os';

const f = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(3));
const figures = (r: TrainingRun['before']) =>
  r ? `items ${f(r.items)} topics ${f(r.topics)} stance ${f(r.stance)}` : 'n/a';

export function describeRun(r: TrainingRun): string {
  const state = r.error
    ? `failed: ${r.error}`
    : !r.finishedAt
      ? 'running'
      : r.promoted
        ? `promoted ${r.candidate ?? ''}, ${r.reclassified ?? 0} replies reclassified`
        : `kept ${r.previousModel ?? ''} (candidate ${r.candidate ?? ''} was worse)`;
  const changes = (r.changes ?? [])
    .filter((c) => c.added + c.removed > 0)
    .map((c) => `${c.label} +${c.added}/−${c.removed}`)
    .join(', ');
  return (
    `${r.id}  ${r.startedAt.toISOString()}  ${r.reason}${r.requestedBy ? ` by ${r.requestedBy}` : ''}: ${state}\n` +
    `  held-out reviewer examples ${r.heldOut ?? 0}: before ${figures(r.before)}; after ${figures(r.after)}\n` +
    (changes ? `  item tags on undecided passages: ${changes}\n` : '')
  );
}

/** Asks the workers for a retraining (an admin's request), or lists the pipeline's training runs. */
export async function runRetrain(
  opts: { pipeline?: string; list: boolean; by?: string },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const env = loadEnv();
  const pipelineId = opts.pipeline ?? env.PIPELINE;
  const db = await openStore(env);
  try {
    if (opts.list) {
      const runs = await listTrainingRuns(db, pipelineId);
      if (runs.length === 0) out.write(`no training runs for ${pipelineId}\n`);
      for (const r of runs) out.write(describeRun(r));
      return 0;
    }
    const redis = connectRedis(await ensureRedis(env, createLogger(env.LOG_LEVEL), false), 'producer');
    const queue = createTrainQueue(redis, await queuePrefixFor(db, env.QUEUE_PREFIX));
    try {
      const runId = await requestRetraining(queue, {
        pipelineId,
        reason: 'admin',
        requestedBy: opts.by ?? userInfo().username,
      });
      out.write(`retraining ${pipelineId} requested as ${runId}; a \`ruecklauf worker\` runs it (see --list)\n`);
      return 0;
    } finally {
      await queue.close();
      redis.disconnect();
    }
  } finally {
    await db.close();
  }
}

export function registerRetrainCommand(program: Command): void {
  program
    .command('retrain')
    .description(
      'ask the workers to retrain, compare on held-out reviewer examples and promote if not worse (or list the runs)',
    )
    .option('--pipeline <id>', 'pipeline; default: $PIPELINE')
    .option('--list', 'list the training runs with before/after figures and item changes', false)
    .option('--by <user>', 'who asks (recorded); default: the system user')
    .action(async (o: { pipeline?: string; list: boolean; by?: string }) => {
      process.exitCode = await runRetrain(o);
    });
}
