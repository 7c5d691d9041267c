import { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../deps.ts';
import { itemTitler, loadPassageRows } from '../exports/load-passage-rows.ts';
import { buildSynopsis } from '../exports/passage-rows.ts';
import { passagesCsv, passagesJsonl } from '../exports/passages-text.ts';
import { passagesXlsx } from '../exports/passages-xlsx.ts';
import { synopsisDocx } from '../exports/synopsis-docx.ts';
import { argumentDocxSections, argumentsSheet } from '../exports/synopsis-arguments.ts';

const download = (name: string, type: string) => ({
  'Content-Type': type,
  'Content-Disposition': `attachment; filename="${name}"`,
  'X-Content-Type-Options': 'nosniff',
});

export function exportRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const stamp = () => `${deps.pipeline.id}-${new Date().toISOString().slice(0, 10)}`;

  app.get('/export/synopsis.docx', async (c) => {
    const rows = await loadPassageRows(deps);
    const items = buildSynopsis(rows, deps.pipeline.taxonomy, itemTitler(deps));
    const bytes = await synopsisDocx({
      title: deps.pipeline.title,
      deadline: deps.pipeline.deadline,
      items,
      generatedAt: new Date(),
      argumentSections: await argumentDocxSections(deps, rows),
    });
    return c.body(
      new Uint8Array(bytes),
      200,
      download(`synopse-${stamp()}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    );
  });
  app.get('/export/passages.xlsx', async (c) => {
    const rows = await loadPassageRows(deps);
    const args = await argumentsSheet(deps, rows);
    const bytes = await passagesXlsx(rows, itemTitler(deps), args);
    return c.body(
      new Uint8Array(bytes),
      200,
      download(`passagen-${stamp()}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    );
  });
  app.get('/export/passages.csv', async (c) =>
    c.body(
      passagesCsv(await loadPassageRows(deps)),
      200,
      download(`passagen-${stamp()}.csv`, 'text/csv; charset=utf-8'),
    ),
  );
  app.get('/export/passages.jsonl', async (c) =>
    c.body(
      passagesJsonl(await loadPassageRows(deps)),
      200,
      download(`passagen-${stamp()}.jsonl`, 'application/x-ndjson; charset=utf-8'),
    ),
  );
  return app;
}
