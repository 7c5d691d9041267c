import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Respondent } from '../../attribute/respondent.ts';
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

export function formatCsv(records: readonly PassageRecord[], lookup: RespondentLookup = () => undefined): string {
  const rows = records.map((r) => {
    const c = toContract(r, lookup);
    return [
      c.id,
      c.message.messageId,
      c.message.from,
      c.message.subject,
      c.message.date,
      c.source.kind,
      c.source.filename,
      c.source.page,
      c.seq,
      c.text,
      c.items.join(';'),
      c.topics.join(';'),
      c.stance,
      c.confidence,
      c.tagSource,
      c.boilerplate,
      c.boilerplateKind,
      c.respondent?.ags ?? null,
      c.respondent?.name ?? null,
      c.respondent?.land ?? null,
      c.respondent?.confidence ?? null,
      c.reviewed,
      c.group,
    ];
  });
  const header = [
    'id',
    'messageId',
    'from',
    'subject',
    'date',
    'sourceKind',
    'filename',
    'page',
    'seq',
    'text',
    'items',
    'topics',
    'stance',
    'confidence',
    'tagSource',
    'boilerplate',
    'boilerplateKind',
    'respondentAgs',
    'respondentName',
    'respondentLand',
    'respondentConfidence',
    'reviewed',
    'group',
  ];
  return stringify([header, ...rows]);
}

/** The documents contract, CSV: the JSONL record's fields flattened in the same order. */
export function formatDocumentsCsv(records: readonly DocumentRecord[]): string {
  const header = [
    'messageId',
    'from',
    'subject',
    'date',
    'messageState',
    'filename',
    'kind',
    'state',
    'code',
    'detail',
    'pages',
    'chars',
    'ocrConfidence',
  ];
  const rows = records.map(({ message: m, document: d }) => [
    m.messageId,
    m.from,
    m.subject,
    m.date,
    m.state,
    d.filename,
    d.kind,
    d.state,
    d.code,
    d.detail,
    d.pages,
    d.chars,
    d.ocrConfidence,
  ]);
  return stringify([header, ...rows]);
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
