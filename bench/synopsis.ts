// Cost of the synopsis deliverable at consultation scale: ~5,000 statements from 294 Landkreise (the labelled
// corpus, whose texts are real-shaped and repeat the Land associations' model statements), built into the model
// with near-duplicate merging against the same model without merging (the baseline: one row per passage), then
// written as DOCX and XLSX and the chart rasterised. One core, same run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPipeline } from '../src/config/pipeline.ts';
import { parseLabelledLines } from '../src/training/read-labelled-file.ts';
import type { PassageRow } from '../src/web/exports/passage-rows.ts';
import { synopsisDocx } from '../src/web/exports/synopsis-docx.ts';
import { buildSynopsis, type SynopsisModel } from '../src/web/exports/synopsis/build-synopsis.ts';
import { eachOnItsOwn, groupByNearDuplicates, type GroupTexts } from '../src/web/exports/synopsis/merge-statements.ts';
import { ALL_STATEMENTS } from '../src/web/exports/synopsis/options.ts';
import { stanceChart } from '../src/web/exports/synopsis/stance-chart.ts';
import { synopsisXlsx } from '../src/web/exports/synopsis/synopsis-xlsx.ts';
import { loadRespondents } from '../src/web/respondents/load-respondents.ts';
import { taxonomyOptions } from '../src/web/views/taxonomy-labels.ts';

const PASSAGES = Number(process.env.PASSAGES ?? 5000);
const pipeline = await loadPipeline('pipelines', process.env.PIPELINE ?? 'rueckfuehrung-2024');
const respondents = await loadRespondents(pipeline.dir);
const lines = parseLabelledLines(await readFile(path.join(pipeline.dir, 'training', 'train.jsonl'), 'utf8'), 'train');
const options = taxonomyOptions(pipeline.taxonomy);
const rows: PassageRow[] = Array.from({ length: PASSAGES }, (_, i) => {
  const line = lines[i % lines.length]!;
  const county = respondents[(i * 7) % respondents.length]!;
  return {
    passageId: `p${i}`,
    messageId: `m${county.ags}`,
    documentId: `d${county.ags}`,
    respondent: county.officialName,
    ags: county.ags,
    land: county.land,
    from: null,
    date: new Date(Date.UTC(2024, 8, 1 + (i % 20))).toISOString(),
    document: 'Stellungnahme.pdf',
    page: 1 + (i % 4),
    seq: i,
    text: line.text,
    items: line.items,
    topics: line.topics,
    stance: line.stance ?? null,
    confidence: 0.9,
    tagSource: 'model',
    needsReview: false,
    reviewed: i % 3 !== 0,
    boilerplate: false,
    group: null,
    replacedBy: null,
    endorses: null,
  };
});

const model = (groupTexts: GroupTexts): SynopsisModel =>
  buildSynopsis({
    rows,
    taxonomy: pipeline.taxonomy,
    itemTitle: (id) => options.item.find((o) => o.id === id)?.label ?? id,
    itemShort: (id) => options.item.find((o) => o.id === id)?.short ?? id,
    respondents,
    repliedAgs: new Set(rows.map((r) => r.ags ?? '')),
    assessments: [],
    endorsements: [],
    groupTexts,
    options: ALL_STATEMENTS,
  });

async function timed<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await f();
  return { ms: performance.now() - start, value };
}

const statementRows = (m: SynopsisModel) =>
  m.items.reduce((n, i) => n + i.groups.reduce((k, g) => k + g.statements.length, 0), 0);
const base = await timed(() => model(eachOnItsOwn));
const merged = await timed(() => model(groupByNearDuplicates));
const chart = await timed(() => stanceChart(merged.value, pipeline.taxonomy));
const meta = { title: pipeline.title, deadline: pipeline.deadline, generatedAt: new Date(), chart: chart.value };
const groupTitles = new Map(pipeline.taxonomy.groups.map((g) => [g.id, g.label]));
const docxBase = await timed(() => synopsisDocx({ ...meta, model: base.value, groupTitles }));
const docx = await timed(() => synopsisDocx({ ...meta, model: merged.value, groupTitles }));
const xlsx = await timed(() => synopsisXlsx(merged.value, pipeline.taxonomy));

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
console.log(`synopsis of ${PASSAGES} passages from ${respondents.length} Landkreise (${pipeline.id})`);
console.log(`  model, no merging (baseline)   ${fmt(base.ms)}  ${statementRows(base.value)} table rows`);
console.log(`  model, near-duplicates merged  ${fmt(merged.ms)}  ${statementRows(merged.value)} table rows`);
console.log(`  chart SVG → PNG                ${fmt(chart.ms)}  ${chart.value.png.length} bytes`);
console.log(`  DOCX, baseline rows            ${fmt(docxBase.ms)}  ${(docxBase.value.length / 1024).toFixed(0)} KiB`);
console.log(`  DOCX, merged                   ${fmt(docx.ms)}  ${(docx.value.length / 1024).toFixed(0)} KiB`);
console.log(`  XLSX                           ${fmt(xlsx.ms)}  ${(xlsx.value.length / 1024).toFixed(0)} KiB`);
