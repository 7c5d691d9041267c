import path from 'node:path';
import type { Respondent } from '../../core/respondent.ts';
import { spreadsheetCsv } from '../../core/spreadsheet-cell.ts';
import { loadEnv } from '../../config/env.ts';
import { loadRespondents } from '../../config/respondents.ts';
import { openStore } from '../../store/open-store.ts';
import { listPassageRecords, type PassageRecord } from '../../store/passage-records.ts';
import { listDocumentRecords, type DocumentRecord } from '../../store/documents.ts';

export interface ExportOptions {
  format: 'jsonl' | 'csv';
  pipeline?: string;
  /** passages (default): one record per passage with its tags; documents: one per document with its outcome. */
  records?: 'passages' | 'documents';
}

/** Respondents by AGS, per pipeline: the export names who each passage speaks for. */
export type RespondentLookup = (pipelineId: string, ags: string) => Respondent | undefined;

/** The export contract: exactly these fields, in this order (scripts rely on it). */
export function toContract(r: PassageRecord, lookup: RespondentLookup = () => undefined) {
  const who = r.respondent ? lookup(r.pipelineId, r.respondent.ags) : undefined;
  return {
    id: r.id,
    message: r.message,
    source: r.source,
    seq: r.seq,
    text: r.text,
    items: r.items,
    topics: r.topics,
    stance: r.stance,
    confidence: Math.round(r.confidence * 1000) / 1000,
    tagSource: r.tagSource,
    // Boilerplate passages stay in the export, marked with the letter part they are (docs/letter-anatomy.md).
    boilerplate: r.isBoilerplate,
    boilerplateKind: r.isBoilerplate ? (r.boilerplate ?? 'reviewer') : null,
    respondent: r.respondent
      ? {
          ags: r.respondent.ags,
          name: who?.officialName ?? null,
          land: who?.landCode ?? null,
          confidence: r.respondent.confidence,
        }
      : null,
    reviewed: r.reviewed,
    group: r.group,
  };
}

/** The passages contract as CSV: one column per field, nested fields flattened, in the JSONL record's order. */
const PASSAGE_COLUMNS: readonly (readonly [string, (c: ReturnType<typeof toContract>) => unknown])[] = [
  ['id', (c) => c.id],
  ['messageId', (c) => c.message.messageId],
  ['from', (c) => c.message.from],
  ['subject', (c) => c.message.subject],
  ['date', (c) => c.message.date],
  ['sourceKind', (c) => c.source.kind],
  ['filename', (c) => c.source.filename],
  ['page', (c) => c.source.page],
  ['seq', (c) => c.seq],
  ['text', (c) => c.text],
  ['items', (c) => c.items],
  ['topics', (c) => c.topics],
  ['stance', (c) => c.stance],
  ['confidence', (c) => c.confidence],
  ['tagSource', (c) => c.tagSource],
  ['boilerplate', (c) => c.boilerplate],
  ['boilerplateKind', (c) => c.boilerplateKind],
  ['respondentAgs', (c) => c.respondent?.ags],
  ['respondentName', (c) => c.respondent?.name],
  ['respondentLand', (c) => c.respondent?.land],
  ['respondentConfidence', (c) => c.respondent?.confidence],
  ['reviewed', (c) => c.reviewed],
  ['group', (c) => c.group],
];

/** Mail text goes into spreadsheets: formula-looking cells are neutralised (core/spreadsheet-cell.ts). */
export function formatCsv(records: readonly PassageRecord[], lookup: RespondentLookup = () => undefined): string {
  const rows = records.map((r) => {
    const c = toContract(r, lookup);
    return PASSAGE_COLUMNS.map(([, value]) => value(c));
  });
  return spreadsheetCsv(
    PASSAGE_COLUMNS.map(([name]) => name),
    rows,
  );
}

const DOCUMENT_COLUMNS: readonly (readonly [string, (r: DocumentRecord) => unknown])[] = [
  ['messageId', (r) => r.message.messageId],
  ['from', (r) => r.message.from],
  ['subject', (r) => r.message.subject],
  ['date', (r) => r.message.date],
  ['messageState', (r) => r.message.state],
  ['filename', (r) => r.document.filename],
  ['kind', (r) => r.document.kind],
  ['state', (r) => r.document.state],
  ['code', (r) => r.document.code],
  ['detail', (r) => r.document.detail],
  ['pages', (r) => r.document.pages],
  ['chars', (r) => r.document.chars],
  ['ocrConfidence', (r) => r.document.ocrConfidence],
];

/** The documents contract, CSV: the JSONL record's fields flattened in the same order. */
export function formatDocumentsCsv(records: readonly DocumentRecord[]): string {
  return spreadsheetCsv(
    DOCUMENT_COLUMNS.map(([name]) => name),
    records.map((r) => DOCUMENT_COLUMNS.map(([, value]) => value(r))),
  );
}

export async function runExport(opts: ExportOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const env = loadEnv();
  const db = await openStore(env);
  try {
    if (opts.records === 'documents') {
      const documents = await listDocumentRecords(db, opts.pipeline ?? null);
      if (opts.format === 'csv') out.write(formatDocumentsCsv(documents));
      else for (const r of documents) out.write(JSON.stringify(r) + '\n');
      return;
    }
    const records = await listPassageRecords(db, opts.pipeline ?? null);
    const lookup = await respondentLookup(env.PIPELINES_DIR, new Set(records.map((r) => r.pipelineId)));
    if (opts.format === 'csv') out.write(formatCsv(records, lookup));
    else for (const r of records) out.write(JSON.stringify(toContract(r, lookup)) + '\n');
  } finally {
    await db.close();
  }
}

async function respondentLookup(pipelinesDir: string, pipelineIds: ReadonlySet<string>): Promise<RespondentLookup> {
  const byPipeline = new Map<string, Map<string, Respondent>>();
  for (const id of pipelineIds) {
    const list = await loadRespondents(path.join(pipelinesDir, id));
    byPipeline.set(id, new Map(list.map((r) => [r.ags, r])));
  }
  return (pipelineId, ags) => byPipeline.get(pipelineId)?.get(ags);
}
