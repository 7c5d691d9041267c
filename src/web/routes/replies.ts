import { Hono } from 'hono';
import { z } from 'zod';
import { enqueueReprocess } from '../../reprocess/enqueue-reprocess.ts';
import { getDocumentDownload, getReplyHeader, listReplyDocuments } from '../../store/inbox.ts';
import { assignReply, nextReplyAfter, replyAssignee, searchReplies } from '../../store/reply-search.ts';
import { listReviewerNames } from '../../store/review-users.ts';
import { toReplyFilter } from '../search/resolve-filters.ts';
import { firstValues, paramError, replyParamsSchema } from '../search/search-params.ts';
import { getReviewPassage, listAudit, listMessagePassages, type AuditEntry } from '../../store/review-passages.ts';
import { assignRespondent, clearRespondentAssignment } from '../../store/respondent-assignments.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { replyUnitsOf, type CachedDeps } from '../search/workspace-cache.ts';
import { inboxPage } from '../views/inbox.ts';
import { passageView, type PassageViewContext } from '../views/passage.ts';
import { replyPage } from '../views/reply.ts';
import { taxonomyOptions } from '../views/taxonomy-labels.ts';
import { pageContext } from './page-context.ts';
import { readQueueCounts } from './queue-counts.ts';
import { attachmentHeaders } from './download-headers.ts';
import { renderPdfPage } from '../pages/render-pdf-page.ts';
import { loadReplyRelations } from '../relations/load-reply-relations.ts';
import { matchPassageWords, pdfWordBoxes } from '../pages/pdf-word-boxes.ts';
import { replyRetryPage } from '../views/reply-retry.ts';
import { countWorkers } from './worker-presence.ts';

const MessageId = z.string().regex(/^msg_[0-9a-f]{32}$/);
const AssigneeForm = z.object({ assignee: z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9._@-]{2,64}$/)]) });
const RetryForm = z.object({ confirm: z.literal('yes') });

/** Reviewers may re-run what failed; re-reading a finished reply (and its machine tags) is an admin's call. */
const mayReprocess = (role: string | undefined, state: string): boolean =>
  role === 'admin' || (role === 'reviewer' && state === 'failed');

const RespondentForm = z.object({
  origin: z.string().regex(/^((msg|fwd)\d+)?$/),
  ags: z.union([z.literal('auto'), z.literal('none'), z.string().regex(/^\d{5}$/)]),
});

function groupAudit(entries: readonly AuditEntry[]): Map<string, AuditEntry[]> {
  const m = new Map<string, AuditEntry[]>();
  for (const e of entries) m.set(e.passage_id, [...(m.get(e.passage_id) ?? []), e]);
  return m;
}

export function passageViewContext(deps: WebDeps): PassageViewContext {
  return { options: taxonomyOptions(deps.pipeline.taxonomy), reviewThreshold: deps.pipeline.reviewThreshold };
}

export function replyRoutes(deps: CachedDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const pv = passageViewContext(deps);
  const csrfOf = (c: { get(k: 'user'): { csrfToken: string } | null }) => c.get('user')?.csrfToken ?? '';

  app.get('/', (c) => c.redirect('/inbox', 303));

  const replyParams = replyParamsSchema(deps.respondents);
  const lands = [...new Map(deps.respondents.map((r) => [r.landCode, r.land])).entries()].sort();

  /** The inbox: the same search as GET /api/replies, with its filters in the URL. */
  app.get('/inbox', async (c) => {
    const values = firstValues(c.req.queries());
    const parsed = replyParams.safeParse(values);
    const params = parsed.success ? parsed.data : replyParams.parse({});
    const problem = parsed.success ? null : paramError(parsed.error);
    const units = await replyUnitsOf(deps);
    const filter = toReplyFilter(
      { pipelineId: deps.pipeline.id, deadline: deps.pipeline.deadline, username: c.get('user')?.username ?? '' },
      params,
      units,
    );
    const [found, queues, reviewers] = await Promise.all([
      searchReplies(deps.db, filter),
      readQueueCounts(deps),
      listReviewerNames(deps.db),
    ]);
    const query = new URLSearchParams(values);
    query.delete('page');
    return c.html(
      inboxPage(pageContext(c, deps), {
        rows: found.replies,
        units: units.byMessage,
        deadline: deps.pipeline.deadline,
        queues,
        csrf: csrfOf(c),
        listing: {
          total: found.total,
          page: params.page,
          pageSize: params.pageSize,
          params: query,
          values,
          error: problem ? `Filter ${problem.parameter}: ${problem.allowed}` : null,
          lands,
          reviewers,
        },
      }),
      problem ? 400 : 200,
    );
  });

  /** Who works on a reply: a reviewer takes it ("mir zuweisen") or hands it on; empty releases it. */
  app.post('/replies/:id/assignee', async (c) => {
    const id = MessageId.safeParse(c.req.param('id'));
    const header = id.success ? await getReplyHeader(deps.db, id.data) : null;
    if (!header || header.pipeline_id !== deps.pipeline.id) return c.notFound();
    const form = AssigneeForm.safeParse(await c.req.parseBody());
    if (!form.success) return c.json({ error: 'assignee: a user name, or empty to release' }, 400);
    const username = form.data.assignee || null;
    if (username && !(await listReviewerNames(deps.db)).includes(username))
      return c.json({ error: `assignee: no account "${username}"` }, 400);
    await assignReply(deps.db, header.id, username, c.get('user')?.username ?? '?');
    return c.redirect(`/replies/${header.id}`, 303);
  });

  app.get('/replies/:id', async (c) => {
    const id = MessageId.safeParse(c.req.param('id'));
    const header = id.success ? await getReplyHeader(deps.db, id.data) : null;
    if (!header || header.pipeline_id !== deps.pipeline.id) return c.notFound();
    const [documents, passages, units] = await Promise.all([
      listReplyDocuments(deps.db, header.id),
      listMessagePassages(deps.db, header.id),
      replyUnitsOf(deps),
    ]);
    const audit = groupAudit(
      await listAudit(
        deps.db,
        passages.map((p) => p.id),
      ),
    );
    const groups = deps.pipeline.taxonomy.groups.map((g) => ({ id: g.id, label: g.aliases[0] ?? g.label }));
    const relations = await loadReplyRelations(deps.db, header.id, units, passages);
    const inProgress = header.state !== 'classified' && header.state !== 'failed';
    const [workers, assignee, reviewers] = await Promise.all([
      inProgress ? countWorkers(deps) : Promise.resolve(null),
      replyAssignee(deps.db, header.id),
      listReviewerNames(deps.db),
    ]);
    const nextReply = await nextReplyAfter(deps.db, deps.pipeline.id, header.id);
    return c.html(
      replyPage(pageContext(c, deps), pv, {
        header,
        documents,
        passages,
        audit,
        units: units.byMessage.get(header.id) ?? [],
        respondents: deps.respondents,
        deadline: deps.pipeline.deadline,
        csrf: csrfOf(c),
        groups,
        relations,
        workers,
        assignee,
        reviewers,
        me: c.get('user')?.username ?? '',
        nextReply,
      }),
    );
  });

  /** One passage's card, re-rendered after a change (the script swaps it in). */
  app.get('/passages/:id/card', async (c) => {
    const p = await getReviewPassage(deps.db, c.req.param('id'));
    if (!p) return c.notFound();
    const audit = await listAudit(deps.db, [p.id]);
    return c.html(passageView(pv, p, audit));
  });

  /** Reprocessing re-reads a reply: it asks first, and says when no worker would pick the job up. */
  app.get('/replies/:id/retry', async (c) => {
    const id = MessageId.safeParse(c.req.param('id'));
    const header = id.success ? await getReplyHeader(deps.db, id.data) : null;
    if (!header || header.pipeline_id !== deps.pipeline.id) return c.notFound();
    const [passages, workers] = await Promise.all([listMessagePassages(deps.db, header.id), countWorkers(deps)]);
    return c.html(
      replyRetryPage(pageContext(c, deps), {
        header,
        reviewed: passages.filter((p) => p.reviewed_at !== null).length,
        workers,
        csrf: csrfOf(c),
        allowed: mayReprocess(c.get('user')?.role, header.state),
      }),
    );
  });

  app.post('/replies/:id/retry', async (c) => {
    const id = MessageId.safeParse(c.req.param('id'));
    const header = id.success ? await getReplyHeader(deps.db, id.data) : null;
    if (!header || header.pipeline_id !== deps.pipeline.id) return c.notFound();
    if (!mayReprocess(c.get('user')?.role, header.state))
      return c.json({ error: 'only admins may reprocess a reply that did not fail' }, 403);
    const form = RetryForm.safeParse(await c.req.parseBody());
    if (!form.success)
      return c.json({ error: 'confirm: must be "yes" (confirm on GET /replies/:id/retry first)' }, 400);
    await enqueueReprocess(deps, [header.id], 'extract');
    deps.logger.info(
      { event: 'web.reprocess_requested', component: 'web', messageId: header.id, user: c.get('user')?.username },
      'reprocess requested',
    );
    return c.redirect(`/replies/${header.id}`, 303);
  });

  app.post('/replies/:id/respondent', async (c) => {
    const id = MessageId.safeParse(c.req.param('id'));
    const form = RespondentForm.safeParse(await c.req.parseBody());
    const header = id.success ? await getReplyHeader(deps.db, id.data) : null;
    if (!header || header.pipeline_id !== deps.pipeline.id) return c.notFound();
    if (!form.success) return c.json({ error: 'invalid respondent form', issues: form.error.issues }, 400);
    const { origin, ags } = form.data;
    if (ags !== 'auto' && ags !== 'none' && !deps.respondents.some((r) => r.ags === ags))
      return c.json({ error: `unknown AGS ${ags}` }, 400);
    const username = c.get('user')?.username ?? '?';
    if (ags === 'auto') await clearRespondentAssignment(deps.db, header.id, origin);
    else
      await assignRespondent(deps.db, {
        messageId: header.id,
        originPath: origin,
        ags: ags === 'none' ? null : ags,
        username,
      });
    return c.redirect(`/replies/${header.id}`, 303);
  });

  /** A page of a PDF as an image, shown beside the passages (scans included: their PDF is the picture). */
  app.get('/documents/:id/pages/:page{[0-9]+}', async (c) => {
    const page = Number(c.req.param('page'));
    const doc = /^doc_[0-9a-f]{32}$/.test(c.req.param('id'))
      ? await getDocumentDownload(deps.db, c.req.param('id'))
      : null;
    if (!doc || doc.format !== 'pdf' || !doc.page_count || page < 1 || page > doc.page_count) return c.notFound();
    const png = await renderPdfPage(doc.id, doc.bytes, page);
    return c.body(new Uint8Array(png), 200, {
      'Content-Type': 'image/png',
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  /** Where a passage stands on a PDF page: poppler's word boxes of that page matched to the passage's words. */
  app.get('/documents/:id/pages/:page{[0-9]+}/highlight', async (c) => {
    const page = Number(c.req.param('page'));
    const passageId = c.req.query('passage') ?? '';
    const doc = /^doc_[0-9a-f]{32}$/.test(c.req.param('id'))
      ? await getDocumentDownload(deps.db, c.req.param('id'))
      : null;
    if (!doc || doc.format !== 'pdf' || !doc.page_count || page < 1 || page > doc.page_count) return c.notFound();
    const passage = /^psg_[0-9a-f]{32}$/.test(passageId) ? await getReviewPassage(deps.db, passageId) : null;
    if (!passage || passage.document_id !== doc.id)
      return c.json({ error: 'passage: a passage of this document' }, 400);
    const words = matchPassageWords(await pdfWordBoxes(doc.bytes, page), passage.text);
    return c.json({ boxes: words.map(({ x, y, w, h }) => ({ x, y, w, h })) });
  });

  app.get('/documents/:id/download', async (c) => {
    const doc = /^doc_[0-9a-f]{32}$/.test(c.req.param('id'))
      ? await getDocumentDownload(deps.db, c.req.param('id'))
      : null;
    if (!doc) return c.notFound();
    return c.body(new Uint8Array(doc.bytes), 200, attachmentHeaders(doc));
  });

  return app;
}
