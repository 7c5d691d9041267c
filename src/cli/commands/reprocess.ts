import cliProgress from 'cli-progress';
import { ConfigError } from '../../core/errors.ts';
import { diffTags, type TagChange } from '../../classify/diff-tags.ts';
import { selectMessagesForReprocess, type ReprocessStage } from '../../store/reprocessing.ts';
import { migrateReviewerTags, type TaxonomyMigration } from '../../store/taxonomy-migration.ts';
import { enqueueReprocess } from '../../reprocess/enqueue-reprocess.ts';
import { currentItemTags, predictItemTags } from '../../reprocess/predict-item-tags.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import type { Pipeline } from '../../config/pipeline.ts';
import { waitForMessages } from '../wait-for-messages.ts';
import { waitForStageJobs } from '../../queue/wait-for-stage-jobs.ts';
import { printMessageSummary } from '../print-summary.ts';

export interface ReprocessOptions {
  pipeline?: string;
  stage: ReprocessStage;
  failed: boolean;
  since?: string;
  message?: string;
  dryRun: boolean;
  workers: boolean;
  timeout: number;
  progress: boolean;
}

function parseSince(since: string | undefined): Date | null {
  if (!since) return null;
  const d = new Date(since);
  if (Number.isNaN(d.getTime())) throw new ConfigError(`--since "${since}" is not a date; use e.g. 2024-09-17`);
  return d;
}

export async function runReprocess(
  opts: ReprocessOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const rt = await openRuntime();
  try {
    const pipeline = await rt.ctx.loadPipeline(opts.pipeline ?? rt.env.PIPELINE);
    const selection = {
      pipelineId: pipeline.id,
      failedOnly: opts.failed,
      since: parseSince(opts.since),
      messageId: opts.message ?? null,
    };
    const messages = await selectMessagesForReprocess(rt.db, selection);
    out.write(`${messages.length} message(s) selected for reprocessing from ${opts.stage}\n`);
    printMigration(await migrateReviewerTags(rt.db, pipeline.id, pipeline.taxonomy, opts.dryRun), opts.dryRun, out);
    if (opts.dryRun) {
      printChanges(
        await predictChanges(
          rt,
          pipeline,
          opts,
          messages.map((m) => m.id),
        ),
        out,
      );
      return 0;
    }
    if (opts.workers) rt.startWorkers();
    const ids = await enqueueReprocess(
      rt.ctx,
      messages.map((m) => m.id),
      opts.stage,
    );
    const deadline = Date.now() + opts.timeout * 1000;
    const counts = await waitForMessages(rt.db, ids, { timeoutMs: opts.timeout * 1000, progress: opts.progress });
    const ended = (counts.classified ?? 0) + (counts.failed ?? 0) === ids.length;
    // Reprocessed passages are re-attributed by the debounced relations job: wait for it, as ingest does.
    const settled = ended && (await waitForStageJobs(rt.queues, Math.max(0, deadline - Date.now())));
    await printMessageSummary(rt.db, ids, out);
    return settled ? 0 : 1;
  } finally {
    await rt.close();
  }
}

async function predictChanges(
  rt: Runtime,
  pipeline: Pipeline,
  opts: ReprocessOptions,
  ids: readonly string[],
): Promise<TagChange[]> {
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: 'dry run |{bar}| {value}/{total}', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(ids.length, 0);
  const before = [];
  const after = [];
  for (const id of ids) {
    before.push(...(await currentItemTags(rt.db, id)));
    after.push(...(await predictItemTags(rt.ctx, pipeline, id, opts.stage)));
    bar?.increment();
  }
  bar?.stop();
  return diffTags(before, after);
}

function printChanges(changes: readonly TagChange[], out: NodeJS.WritableStream): void {
  if (changes.length === 0) {
    out.write('dry run: no item tag would change\n');
    return;
  }
  out.write('dry run: item tags that would change (nothing was written)\n');
  out.write(`  ${'item'.padEnd(20)} ${'added'.padStart(6)} ${'removed'.padStart(8)}\n`);
  for (const c of changes)
    out.write(`  ${c.label.padEnd(20)} ${String(c.added).padStart(6)} ${String(c.removed).padStart(8)}\n`);
}

function printMigration(m: TaxonomyMigration, dryRun: boolean, out: NodeJS.WritableStream): void {
  const verb = dryRun ? 'would move' : 'moved';
  for (const r of m.renamed) out.write(`taxonomy: ${verb} ${r.tags} reviewer tag(s) from ${r.from} to ${r.to}\n`);
  for (const o of m.orphaned)
    out.write(
      `taxonomy: ${o.tags} reviewer tag(s) on ${o.label}, which the taxonomy no longer has: ${dryRun ? 'their passages would be' : 'passages'} flagged for review (map it under "renamed:" in taxonomy.yaml)\n`,
    );
}
