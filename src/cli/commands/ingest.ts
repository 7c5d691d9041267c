import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { receiveMail } from '../../ingest/receive-mail.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { collectMailFiles } from '../collect-mail-files.ts';
import { waitForMessages } from '../wait-for-messages.ts';
import { waitForStageJobs } from '../../queue/wait-for-stage-jobs.ts';
import { requeueUnfinished } from '../../queue/requeue-unfinished.ts';
import { printMessageSummary } from '../print-summary.ts';

export interface IngestOptions {
  workers: boolean;
  pipeline?: string;
  timeout: number;
  progress: boolean;
  privateRedis?: boolean;
  /** Log lines to this file instead of stderr. */
  logFile?: string;
}

export interface IngestOutcome {
  messageIds: string[];
  counts: Record<string, number>;
  allEnded: boolean;
}

/** Receives each file, then waits until every message is classified or failed. */
export async function ingestFiles(rt: Runtime, files: readonly string[], opts: IngestOptions): Promise<IngestOutcome> {
  const pipelineId = opts.pipeline ?? rt.env.PIPELINE;
  await rt.ctx.loadPipeline(pipelineId); // fail fast on a bad pipeline before anything is stored
  const ids: string[] = [];
  for (const file of files) {
    const raw = await readFile(file);
    const received = await receiveMail(rt.db, rt.enqueueNext, raw, {
      pipelineId,
      source: `file:${path.basename(file)}`,
    });
    rt.logger.debug(
      { event: 'mail.received', file, messageId: received.messageId, inserted: received.inserted },
      'mail received',
    );
    ids.push(received.messageId);
  }
  const unique = [...new Set(ids)];
  const deadline = Date.now() + opts.timeout * 1000;
  const counts = await waitForMessages(rt.db, unique, { timeoutMs: opts.timeout * 1000, progress: opts.progress });
  const ended = (counts.classified ?? 0) + (counts.failed ?? 0) === unique.length;
  // Respondents and groups come from the debounced relations job after the last classification; an export right
  // after `ingest` must see them.
  const settled = ended && (await waitForStageJobs(rt.queues, Math.max(0, deadline - Date.now())));
  return { messageIds: unique, counts, allEnded: settled };
}

export async function runIngest(paths: readonly string[], opts: IngestOptions): Promise<number> {
  const files = await collectMailFiles(paths);
  for (const f of files) await stat(f);
  const rt = await openRuntime({
    startPrivateRedis: opts.privateRedis ?? false,
    ...(opts.logFile ? { logFile: opts.logFile } : {}),
  });
  try {
    if (opts.workers) {
      rt.startWorkers();
      await requeueUnfinished(rt.ctx);
    }
    const outcome = await ingestFiles(rt, files, opts);
    await printMessageSummary(rt.db, outcome.messageIds, process.stdout);
    if (!outcome.allEnded) {
      process.stderr.write(`Timed out after ${opts.timeout}s with messages still in progress.\n`);
      return 1;
    }
    return 0;
  } finally {
    await rt.close();
  }
}
