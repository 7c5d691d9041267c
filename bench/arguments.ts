// Argument grouping of a consultation of about 5,000 statement passages (300 replies): the pure grouping with and
// without the latent space, against the keyword baseline in the same run; then the stored recomputation on
// PostgreSQL, first in full and then incrementally after a reviewer changed one passage's item. CPU seconds are this
// process's only (PostgreSQL's own are not counted).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { groupArguments } from '../src/arguments/group-arguments.ts';
import { groupByKeyword } from '../src/arguments/keyword-baseline.ts';
import type { ArgumentPassage } from '../src/core/argument-types.ts';
import { loadPipeline } from '../src/config/pipeline.ts';
import { recomputeArguments } from '../src/queue/workers/recompute-arguments.ts';
import { openPostgres } from '../src/store/db-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { argumentGroupingOptions } from '../src/training/argument-options.ts';
import { parseLabelledLines } from '../src/training/read-labelled-file.ts';

const PIPELINE = process.env.PIPELINE ?? 'rueckfuehrung-2024';
const PASSAGES = 5000;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const pipeline = await loadPipeline('pipelines', PIPELINE);
const dir = path.join(pipeline.dir, 'training');
const lines = [
  ...parseLabelledLines(await readFile(path.join(dir, 'dev.jsonl'), 'utf8'), 'dev.jsonl'),
  ...parseLabelledLines(await readFile(path.join(dir, 'train.jsonl'), 'utf8'), 'train.jsonl'),
].filter((l) => !l.boilerplate && l.items.length > 0);
// The corpus's statement passages stand for the consultation's: dev first, then train, 5,000 of them.
const passages: ArgumentPassage[] = lines
  .slice(0, PASSAGES)
  .map((l) => ({ id: l.id, text: l.text, subjects: [...l.items, ...l.topics] }));
const subjects = [...new Set(passages.flatMap((p) => p.subjects))];
const options = await argumentGroupingOptions(pipeline);
// Wall time and this process's CPU time: on a shared machine the CPU seconds are the figure that carries over.
interface Took {
  wall: number;
  cpu: number;
}
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (c: ReturnType<typeof clock>): Took => {
  const u = process.cpuUsage(c.cpu);
  return { wall: (performance.now() - c.wall) / 1000, cpu: (u.user + u.system) / 1e6 };
};
const time = <T>(f: () => T): [T, Took] => {
  const c = clock();
  const out = f();
  return [out, since(c)];
};
const fmt = (t: Took) => `${t.wall.toFixed(2)} s (${t.cpu.toFixed(2)} CPU s)`;

console.log(
  `arguments ${PIPELINE}: ${passages.length} passages, ${subjects.length} items and topics, ${options.background?.length ?? 0} training texts as background, one core`,
);
const [, keyword] = time(() => subjects.map((s) => groupByKeyword(passages, s)));
console.log(`  keyword baseline            ${fmt(keyword)}`);
const [, lexical] = time(() => groupArguments(passages, { ...options, lexicalWeight: 1 }));
console.log(`  TF-IDF only                 ${fmt(lexical)}`);
const [full, both] = time(() => groupArguments(passages, options));
const args = full.reduce((n, s) => n + s.arguments.length, 0);
const alone = full.reduce((n, s) => n + s.unassigned.length, 0);
console.log(`  TF-IDF + LSA (the default)  ${fmt(both)}   ${args} arguments, ${alone} passages unassigned`);

// Stored: the same passages in PostgreSQL (one message each), in a schema of their own.
const schema = `bench_arguments_${Date.now().toString(36)}`;
const db = await openPostgres(DATABASE_URL, schema);
try {
  await migrate(db);
  await db.query(`INSERT INTO blobs (sha256, size, bytes) VALUES ('b', 1, '\\x00')`);
  await db.query(
    `INSERT INTO messages (id, pipeline_id, raw_sha256, content_hash, source, state)
     SELECT 'msg_' || i, $1, 'b', 'h' || i, 'bench', 'classified' FROM generate_series(0, $2 - 1) AS i`,
    [PIPELINE, passages.length],
  );
  await db.query(
    `INSERT INTO documents (id, message_id, path, position, kind, declared_type, blob_sha256, size, state)
     SELECT 'doc_' || i, 'msg_' || i, 'body', 0, 'body', 'text/plain', 'b', 1, 'extracted'
     FROM generate_series(0, $1 - 1) AS i`,
    [passages.length],
  );
  for (const [i, p] of passages.entries()) {
    await db.query(
      `INSERT INTO passages (id, message_id, document_id, seq, char_start, char_end, text) VALUES ($1, $2, $3, 0, 0, 1, $4)`,
      [p.id, `msg_${i}`, `doc_${i}`, p.text],
    );
    for (const s of p.subjects)
      await db.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, $2, $3, 'model', 0.9, 'bench')`,
        [p.id, s.startsWith('X-') ? 'topic' : 'item', s],
      );
  }
  const t0 = clock();
  const first = await recomputeArguments(db, pipeline);
  const firstS = since(t0);
  console.log(
    `  stored, full                ${fmt(firstS)}   ${first.recomputed.length} of ${first.subjects} subjects`,
  );
  const changed = passages[0]!;
  await db.query(
    `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, 'item', 'A2-LAGE', 'reviewer', 1, 'bench')`,
    [changed.id],
  );
  const t1 = clock();
  const again = await recomputeArguments(db, pipeline);
  const againS = since(t1);
  console.log(
    `  stored, one tag changed     ${fmt(againS)}   ${again.recomputed.length} of ${again.subjects} subjects (${again.recomputed.join(', ')})`,
  );
} finally {
  await db.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
