import { stringify } from 'csv-stringify/sync';
import { loadEnv } from '../../config/env.ts';
import { openStore } from '../../store/open-store.ts';
import { listPassageRecords, type PassageRecord } from '../../store/passage-records.ts';
import { listDocumentRecords, type DocumentRecord } from '../../store/documents.ts';

export interface ExportOptions {
  format: 'jsonl' | 'csv';
  pipeline?: string;
  /** passages (default): one record per passage with its tags; documents: one per document with its outcome. */
  records?: 'passages' | 'documents';
}

/** The export contract: exactly these fields, in this order (scripts rely on it). */
function toContract(r: PassageRecord) {
  return {
    message: r.message,
    source: r.source,
    seq: r.seq,
    text: r.text,
    items: r.items,
    topics: r.topics,
    stance: r.stance,
    confidence: Math.round(r.confidence * 1000) / 1000,
    tagSource: r.tagSource,
  };
}

export function formatCsv(records: readonly PassageRecord[]): string {
  const rows = records.map((r) => {
    const c = toContract(r);
    return [
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
    ];
  });
  const header = [
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
    if (opts.format === 'csv') out.write(formatCsv(records));
    else for (const r of records) out.write(JSON.stringify(toContract(r)) + '\n');
  } finally {
    await db.close();
  }
}
