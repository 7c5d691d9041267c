import { loadSubjectArguments } from '../../store/arguments.ts';
import { enqueueArgumentsSoon } from '../../queue/enqueue-arguments.ts';
import type { WebDeps } from '../deps.ts';
import { summarizeItemArguments, type ItemArguments } from './argument-summaries.ts';
import type { PassageRow } from './passage-rows.ts';

/**
 * An item's arguments as stored, with its current passages. When the grouping is behind the tags (a reviewer
 * changed them), a recomputation is asked for at once; the answer meanwhile lists the new passages as unassigned.
 */
export async function loadItemArguments(
  deps: Pick<WebDeps, 'db' | 'pipeline' | 'queues' | 'logger'>,
  item: string,
  rows: readonly PassageRow[],
): Promise<ItemArguments> {
  const stored = await loadSubjectArguments(deps.db, deps.pipeline.id, item);
  const result = summarizeItemArguments(
    stored,
    rows,
    deps.pipeline.taxonomy.stances.map((s) => s.id),
  );
  if (result.stale)
    await enqueueArgumentsSoon(deps.queues, deps.pipeline.id, { delayMs: 0 }).catch((err: unknown) =>
      deps.logger.warn(
        { event: 'web.arguments_enqueue_failed', component: 'web', err, item },
        'arguments recomputation not enqueued',
      ),
    );
  return result;
}
