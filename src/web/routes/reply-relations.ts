import { Hono } from 'hono';
import { z } from 'zod';
import { applyGroupCorrection } from '../../store/group-corrections.ts';
import { getReplyHeader } from '../../store/inbox.ts';
import { setReplyVersion } from '../../store/reply-relations.ts';
import type { WebDeps, WebEnv } from '../deps.ts';

const MessageId = z.string().regex(/^msg_[0-9a-f]{32}$/, 'a message id (msg_…)');
const Origin = z.string().regex(/^((msg|fwd)\d+)?$/, 'a reply unit path ("", "msg1", "fwd1")');
const VersionForm = z.object({
  origin: Origin,
  earlier: MessageId,
  earlierOrigin: Origin,
  relation: z.enum(['addendum', 'replacement', 'none']),
});
const GroupForm = z.object({ from: z.string().regex(/^psg_[0-9a-f]{32}$/), back: MessageId });

/** Reviewers change a reply's version relation and apply a correction to a whole near-duplicate group. */
export function replyRelationRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.post('/replies/:id/version', async (c) => {
    const id = MessageId.safeParse(c.req.param('id'));
    const form = VersionForm.safeParse(await c.req.parseBody());
    const header = id.success ? await getReplyHeader(deps.db, id.data) : null;
    if (!header || header.pipeline_id !== deps.pipeline.id) return c.notFound();
    if (!form.success) return c.json({ error: 'invalid version form', issues: form.error.issues }, 400);
    const earlier = await getReplyHeader(deps.db, form.data.earlier);
    if (!earlier || earlier.pipeline_id !== deps.pipeline.id) return c.json({ error: 'unknown earlier reply' }, 400);
    await setReplyVersion(deps.db, {
      messageId: header.id,
      originPath: form.data.origin,
      earlierMessageId: earlier.id,
      earlierOriginPath: form.data.earlierOrigin,
      relation: form.data.relation,
      username: c.get('user')?.username ?? '?',
    });
    return c.redirect(`/replies/${header.id}`, 303);
  });

  app.post('/groups/:group/apply', async (c) => {
    const group = c.req.param('group');
    const form = GroupForm.safeParse(await c.req.parseBody());
    if (!/^grp_[0-9a-f]{32}$/.test(group)) return c.notFound();
    if (!form.success) return c.json({ error: 'invalid group form', issues: form.error.issues }, 400);
    const username = c.get('user')?.username ?? '?';
    const result = await applyGroupCorrection(deps.db, group, form.data.from, username);
    deps.logger.info(
      { event: 'web.group_correction_applied', component: 'web', group, user: username, ...result },
      'group correction applied',
    );
    return c.redirect(`/replies/${form.data.back}#p-${form.data.from}`, 303);
  });

  return app;
}
