import { Hono, type Context } from 'hono';
import type { WebDeps, WebEnv } from '../deps.ts';
import { loadPassageRows } from '../exports/load-passage-rows.ts';
import { passagesCsv, passagesJsonl } from '../exports/passages-text.ts';
import { synopsisDocx } from '../exports/synopsis-docx.ts';
import { loadSynopsis } from '../exports/synopsis/load-synopsis.ts';
import { badOptions, requestSynopsisOptions } from '../exports/synopsis/request-options.ts';
import { stanceChart } from '../exports/synopsis/stance-chart.ts';
import { synopsisXlsx } from '../exports/synopsis/synopsis-xlsx.ts';
import { argumentDocxSections, argumentsSheet } from '../exports/synopsis-arguments.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const download = (name: string, type: string) => ({
  'Content-Type': type,
  'Content-Disposition': `attachment; filename="${name}"`,
  'X-Content-Type-Options': 'nosniff',
});

export function exportRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const stamp = () => `${deps.pipeline.id}-${new Date().toISOString().slice(0, 10)}`;
  const groupTitles = new Map(deps.pipeline.taxonomy.groups.map((g) => [g.id, g.label]));

  // ?reviewed=only&land=BY,NI&items=A1-HAFT,A1-ATTEST — the same options for the Word and the Excel synopsis.
  const synopsisFor = async (c: Context<WebEnv>) => {
    const parsed = requestSynopsisOptions(c, deps);
    if (!parsed.ok) return { response: badOptions(c, parsed) } as const;
    return { model: await loadSynopsis(deps, parsed.options) } as const;
  };

  app.get('/export/synopsis.docx', async (c) => {
    const r = await synopsisFor(c);
    if ('response' in r) return r.response;
    const bytes = await synopsisDocx({
      title: deps.pipeline.title,
      deadline: deps.pipeline.deadline,
      generatedAt: new Date(),
      model: r.model,
      chart: stanceChart(r.model, deps.pipeline.taxonomy),
      groupTitles,
      argumentSections: await argumentDocxSections(deps, await loadPassageRows(deps)),
    });
    return c.body(new Uint8Array(bytes), 200, download(`synopse-${stamp()}.docx`, DOCX));
  });

  const xlsx = async (c: Context<WebEnv>, name: string) => {
    const r = await synopsisFor(c);
    if ('response' in r) return r.response;
    const extend = await argumentsSheet(deps, await loadPassageRows(deps));
    const bytes = await synopsisXlsx(r.model, deps.pipeline.taxonomy, extend);
    return c.body(new Uint8Array(bytes), 200, download(`${name}-${stamp()}.xlsx`, XLSX));
  };
  app.get('/export/synopsis.xlsx', (c) => xlsx(c, 'synopse'));
  // The former one-sheet passage list; the workbook's "Alle Aussagen" sheet is that list without boilerplate.
  app.get('/export/passages.xlsx', (c) => xlsx(c, 'passagen'));

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
