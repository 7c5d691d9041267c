import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { applyArgumentEdit, type ArgumentEdit, type EditResult } from '../../store/argument-edits.ts';
import { enqueueArgumentsSoon } from '../../queue/enqueue-arguments.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { argumentsJson } from '../exports/argument-summaries.ts';
import { itemTitler, loadPassageRows } from '../exports/load-passage-rows.ts';
import { loadItemArguments } from '../exports/load-item-arguments.ts';
import { argumentsPage } from '../views/arguments.ts';
import { pageContext } from './page-context.ts';

const Id = z.string().min(1).max(100);
const Label = z.string().trim().min(1).max(200);
/** The edits of store/argument-edits.ts as they arrive over HTTP; `move` takes its subject from the path. */
const EditBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rename'), argument: Id, label: Label }),
  z.object({ kind: z.literal('merge'), argument: Id, other: Id }),
  z.object({
    kind: z.literal('split'),
    argument: Id,
    passages: z.array(Id).min(1).max(1000),
    label: Label.nullable().default(null),
  }),
  z.object({ kind: z.literal('move'), passage: Id, to: Id.nullable() }),
  z.object({ kind: z.literal('representative'), argument: Id, passage: Id }),
]);
type EditBody = z.infer<typeof EditBody>;

const toEdit = (item: string, b: EditBody): ArgumentEdit => (b.kind === 'move' ? { ...b, subject: item } : b);

/** The arguments of an item: JSON API, the workspace view, and the reviewers' edits (form and JSON). */
export function argumentRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const subjects = new Set([
    ...deps.pipeline.taxonomy.items.map((i) => i.id),
    ...deps.pipeline.taxonomy.topics.map((t) => t.id),
  ]);
  const stanceLabel = (id: string) => deps.pipeline.taxonomy.stances.find((s) => s.id === id)?.label ?? id;

  const edit = async (c: Context<WebEnv>, item: string, body: EditBody): Promise<EditResult> => {
    const result = await applyArgumentEdit(
      deps.db,
      deps.pipeline.id,
      toEdit(item, body),
      c.get('user')?.username ?? '?',
    );
    if (result.ok) {
      deps.logger.info(
        { event: 'web.argument_edited', component: 'web', item, edit: body.kind, user: c.get('user')?.username },
        'argument edited',
      );
      // The reviewers' decisions are part of the subject's fingerprint: the job regroups the rest around them.
      await enqueueArgumentsSoon(deps.queues, deps.pipeline.id, { delayMs: 0 }).catch((err: unknown) =>
        deps.logger.warn(
          { event: 'web.arguments_enqueue_failed', component: 'web', err, item },
          'arguments recomputation not enqueued',
        ),
      );
    }
    return result;
  };

  app.get('/api/items/:item/arguments', async (c) => {
    const item = c.req.param('item');
    if (!subjects.has(item)) return c.json({ error: `unknown item "${item}"` }, 404);
    return c.json(argumentsJson(await loadItemArguments(deps, item, await loadPassageRows(deps))));
  });

  app.post('/api/items/:item/arguments/edits', async (c) => {
    const item = c.req.param('item');
    if (!subjects.has(item)) return c.json({ error: `unknown item "${item}"` }, 404);
    const body = EditBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'invalid edit', issues: body.error.issues }, 400);
    const result = await edit(c, item, body.data);
    if (result.ok) return c.json(result);
    return c.json({ error: result.detail }, result.reason === 'not_found' ? 404 : 400);
  });

  app.get('/items/:item/arguments', async (c) => {
    const item = c.req.param('item');
    if (!subjects.has(item)) return c.notFound();
    const result = await loadItemArguments(deps, item, await loadPassageRows(deps));
    const message = c.req.query('m') ?? null;
    return c.html(
      argumentsPage(pageContext(c, deps), {
        item,
        title: itemTitler(deps)(item),
        stanceLabel,
        csrf: c.get('user')?.csrfToken ?? '',
        result,
        message: message ? message.slice(0, 200) : null,
      }),
    );
  });

  app.post('/items/:item/arguments/edit', async (c) => {
    const item = c.req.param('item');
    if (!subjects.has(item)) return c.notFound();
    const form = await c.req.parseBody({ all: true });
    const passages = form['passages'];
    const body = EditBody.safeParse({
      ...form,
      passages: passages === undefined ? undefined : [passages].flat().map(String),
      // An empty select value is "Einzelne Äußerungen"; an empty label for a split lets the machine name it.
      ...(form['kind'] === 'move' ? { to: form['to'] || null } : {}),
      ...(form['kind'] === 'split' ? { label: form['label'] || null } : {}),
    });
    const back = (m: string) =>
      c.redirect(`/items/${encodeURIComponent(item)}/arguments?m=${encodeURIComponent(m)}`, 303);
    if (!body.success)
      return back('Eingabe unvollständig: ' + body.error.issues.map((i) => i.path.join('.')).join(', '));
    const result = await edit(c, item, body.data);
    return back(result.ok ? 'Gespeichert.' : `Nicht gespeichert: ${result.detail}`);
  });

  return app;
}
