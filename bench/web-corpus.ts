/**
 * A consultation's worth of reviewed-looking data for bench:web, written straight into PostgreSQL: replies from
 * real Landkreis names (so the respondent matcher attributes them as in production), each a mail body with
 * letterhead, salutation, labelled passages from the training corpus (text and tags as the classifier would give
 * them) and a signature. Seeded: the same data every run.
 */
import { readFile } from 'node:fs/promises';
import { sha256Hex, stableId } from '../src/core/ids.ts';
import type { Db, SqlParam } from '../src/store/db.ts';
import type { Respondent } from '../src/web/respondents/respondent.ts';

interface Labelled {
  text: string;
  items: string[];
  topics: string[];
  stance: string | null;
  boilerplate: boolean;
}

/** Mulberry32: a small seeded generator, so every run loads the same corpus. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertRows(db: Db, table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    const params: SqlParam[] = [];
    const values = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

export async function loadWebCorpus(
  db: Db,
  o: { pipelineId: string; replies: number; passagesPerReply: number; respondents: readonly Respondent[] },
): Promise<{ replies: number; passages: number }> {
  const random = seeded(15);
  const corpus = (await readFile('pipelines/rueckfuehrung-2024/training/train.jsonl', 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Labelled)
    .filter((l) => !l.boilerplate);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const blobs: SqlParam[][] = [];
  const messages: SqlParam[][] = [];
  const documents: SqlParam[][] = [];
  const passages: SqlParam[][] = [];
  const tags: SqlParam[][] = [];
  const start = Date.parse('2024-08-20T08:00:00Z');
  for (let i = 0; i < o.replies; i++) {
    const county = o.respondents[i % o.respondents.length] as Respondent;
    const parts = [
      {
        text: `${county.officialName}\nDer Landrat – Ausländerbehörde\nAz. 32.1-${1000 + i}`,
        boilerplate: 'letterhead',
      },
      { text: 'Sehr geehrte Damen und Herren,', boilerplate: 'salutation' },
      ...Array.from({ length: o.passagesPerReply - 3 }, () => ({ labelled: pick(corpus), boilerplate: null })),
      { text: `Mit freundlichen Grüßen\nIm Auftrag\n${county.officialName}`, boilerplate: 'signature' },
    ];
    const body = parts.map((p) => ('labelled' in p ? p.labelled.text : p.text)).join('\n\n');
    const raw = `From: ${county.officialName} <abh${i}@example.org>\nSubject: Stellungnahme ${county.name}\n\n${body}`;
    const sha = sha256Hex(raw);
    const messageId = `msg_${sha256Hex(`bench-web-${i}`).slice(0, 32)}`;
    const documentId = `doc_${sha256Hex(`bench-web-doc-${i}`).slice(0, 32)}`;
    const sentAt = new Date(start + i * 2.7 * 3600_000);
    blobs.push([sha, raw.length, Buffer.from(raw)]);
    messages.push([
      messageId,
      o.pipelineId,
      sha,
      sha,
      'bench',
      `abh${i}@example.org`,
      county.officialName,
      `AW: Rundschreiben – Stellungnahme ${county.name}`,
      sentAt,
      'classified',
    ]);
    documents.push([
      documentId,
      messageId,
      'body',
      0,
      'body',
      'text/plain',
      sha,
      raw.length,
      'extracted',
      'text',
      body,
    ]);
    let at = 0;
    parts.forEach((p, seq) => {
      const text = 'labelled' in p ? p.labelled.text : p.text;
      const id = stableId('psg', documentId, sha256Hex(text), seq);
      const confidence = () => Math.round((0.35 + random() * 0.64) * 1000) / 1000;
      const weakest: number[] = [];
      if ('labelled' in p) {
        const l = p.labelled;
        for (const [dimension, labels] of [
          ['item', l.items],
          ['topic', l.topics],
          ['stance', l.stance ? [l.stance] : []],
        ] as const)
          for (const label of labels) {
            const c = confidence();
            weakest.push(c);
            tags.push([id, dimension, label, 'model', c, 'bench corpus label', 'bench']);
          }
      }
      passages.push([
        id,
        messageId,
        documentId,
        seq,
        at,
        at + text.length,
        text,
        p.boilerplate,
        weakest.some((c) => c < 0.6),
      ]);
      at += text.length + 2;
    });
  }
  await insertRows(db, 'blobs', ['sha256', 'size', 'bytes'], blobs);
  await insertRows(
    db,
    'messages',
    [
      'id',
      'pipeline_id',
      'raw_sha256',
      'content_hash',
      'source',
      'from_address',
      'from_name',
      'subject',
      'sent_at',
      'state',
    ],
    messages,
  );
  await insertRows(
    db,
    'documents',
    ['id', 'message_id', 'path', 'position', 'kind', 'declared_type', 'blob_sha256', 'size', 'state', 'format', 'text'],
    documents,
  );
  await insertRows(
    db,
    'passages',
    ['id', 'message_id', 'document_id', 'seq', 'char_start', 'char_end', 'text', 'boilerplate', 'needs_review'],
    passages,
  );
  await insertRows(
    db,
    'tags',
    ['passage_id', 'dimension', 'label', 'source', 'confidence', 'reason', 'model_version'],
    tags,
  );
  // Instructive scores as the classify stage stores them (migration 075), spread deterministically over [0, 2):
  // the bench measures the order's query, not the scoring.
  await db.query(
    `UPDATE passages SET instructive = s.score,
       instructive_why = jsonb_build_object('score', s.score, 'uncertainty', s.score / 2, 'kind', 'stance', 'items', NULL,
         'gate', NULL, 'stance', jsonb_build_object('best', 'ablehnung', 'second', 'zustimmung', 'margin', 1 - s.score / 2),
         'rare', NULL, 'weight', 2)
     FROM (SELECT id, (abs(hashtext(id)) % 2000) / 1000.0 AS score FROM passages WHERE boilerplate IS NULL) s
     WHERE passages.id = s.id`,
  );
  await db.query('ANALYZE');
  return { replies: messages.length, passages: passages.length };
}
