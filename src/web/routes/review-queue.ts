import { Hono } from 'hono';
import { z } from 'zod';
import { instructiveReason, type ReasonLabels } from '../../classify/instructive.ts';
import { effectiveOnDimension } from '../../store/effective-tags.ts';
import { searchPassages } from '../../store/passage-search.ts';
import type { WebEnv } from '../deps.ts';
import { respondentLabel, unitOf } from '../respondents/load-reply-units.ts';
import { firstValues, MAX_PAGE_SIZE, paramError } from '../search/search-params.ts';
import { passageRowsOf, replyUnitsOf, type CachedDeps } from '../search/workspace-cache.ts';
import { reasonLabels } from '../views/taxonomy-labels.ts';
import { itemShortTitler, itemTitler } from '../exports/load-passage-rows.ts';
import type { PassageRow } from '../exports/passage-rows.ts';
import { reviewQueuePage, type Progress, type QueueRow } from '../views/review-queue.ts';
import { pageContext } from './page-context.ts';

/**
 * Open: content the classifier marked for review (its weakest tag below the pipeline's reviewThreshold) that nobody
 * reviewed yet — the same rule as the inbox's count and the reply view's "next uncertain".
 */
export const isOpen = (r: PassageRow): boolean => !r.boilerplate && !r.reviewed && r.needsReview;

/** The queue's orders: the weakest tag first (the default), or what a decision would teach most first. */
const QUEUE_ORDERS = ['confidence', 'instructive'] as const;
const QueueParams = z.strictObject({
  order: z.enum(QUEUE_ORDERS, { message: `order: one of ${QUEUE_ORDERS.join(', ')}` }).default('confidence'),
});
/** Rows shown per order (the instructive one is one page of the index, at most MAX_PAGE_SIZE); the rest is counted. */
const SHOWN = { confidence: 300, instructive: MAX_PAGE_SIZE } as const;

export function reviewQueueRoutes(deps: CachedDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const labels = reasonLabels(deps.pipeline.taxonomy);
  app.get('/review-queue', async (c) => {
    const parsed = QueueParams.safeParse(firstValues(c.req.queries()));
    const error = parsed.success
      ? null
      : (({ parameter, allowed }) => `Reihenfolge ${parameter}: ${allowed}`)(paramError(parsed.error));
    const order = parsed.success ? parsed.data.order : 'confidence';
    const rows = (await passageRowsOf(deps)).filter((r) => !r.boilerplate);
    const title = itemTitler(deps);
    const byConfidence = (): { rows: QueueRow[]; total: number } => {
      const open = rows
        .filter(isOpen)
        .sort((a, b) => a.confidence - b.confidence)
        .map((r) => ({ ...r, rank: `${Math.round(r.confidence * 100)} %`, reason: null }));
      return { rows: open, total: open.length };
    };
    const open = order === 'instructive' ? await instructiveRows(deps, labels) : byConfidence();
    const progress = (key: string, label: string, href: string, of: PassageRow[]): Progress => ({
      key,
      label,
      href,
      reviewed: of.filter((r) => r.reviewed).length,
      total: of.length,
    });
    const messages = [...new Set(rows.map((r) => r.messageId))];
    const byReply = messages.map((m) => {
      const of = rows.filter((r) => r.messageId === m);
      const names = [...new Set(of.map((r) => r.respondent))].join(', ');
      return progress(m, names, `/replies/${m}`, of);
    });
    const byItem = deps.pipeline.taxonomy.items
      .map((i) =>
        progress(
          i.id,
          title(i.id),
          `/synopsis/${i.id}`,
          rows.filter((r) => r.items.includes(i.id)),
        ),
      )
      .filter((p) => p.total > 0);
    return c.html(
      reviewQueuePage(pageContext(c, deps), {
        order,
        error,
        open: open.rows.slice(0, SHOWN[order]),
        openCount: open.total,
        byReply,
        byItem,
        itemTitle: title,
        itemShort: itemShortTitler(deps),
      }),
      error ? 400 : 200,
    );
  });

  /** Scored, unreviewed, non-boilerplate passages, best first, straight from the index (migration 075). */
  async function instructiveRows(d: CachedDeps, names: ReasonLabels): Promise<{ rows: QueueRow[]; total: number }> {
    const units = await replyUnitsOf(d);
    const found = await searchPassages(d.db, {
      pipelineId: d.pipeline.id,
      boilerplate: false,
      sort: 'instructive',
      page: 1,
      pageSize: SHOWN.instructive,
    });
    const shown = found.passages.map((p) => ({
      passageId: p.id,
      messageId: p.message_id,
      respondent: respondentLabel(unitOf(units, p.message_id, p.origin_path)),
      items: [...new Set(effectiveOnDimension(p.tags, 'item').map((t) => t.label))],
      text: p.text,
      rank: (p.instructive ?? 0).toFixed(2).replace('.', ','),
      reason: p.instructive_why ? instructiveReason(p.instructive_why, names) : null,
    }));
    return { rows: shown, total: found.total };
  }
  return app;
}
