/**
 * The load test of issue 13 (docs/reliability.md): ordinary replies, two memory-bomb PDFs, a slow document and five
 * scans ingested together into one `ruecklauf worker` process with the default settings. Prints and checks:
 *   - no ordinary document fails for a resource reason (timeout, memory limit, crash);
 *   - the bombs end extract.memory_limit or extract.timeout;
 *   - peak RSS of the worker's whole process tree (Node, extraction processes, LibreOffice, Tesseract) ≤ 2 GB;
 *   - every message terminal; no document's result overwritten (no failed document with live passages).
 *   npm run bench:hostile [-- --mails 200]
 * Exit code 1 when a check fails.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../src/store/open-store.ts';
import { queuePrefixFor } from '../src/store/instance.ts';
import { connectRedis } from '../src/queue/redis.ts';
import { closeQueues, createQueues } from '../src/queue/queues.ts';
import { receiveMail } from '../src/ingest/receive-mail.ts';
import { nextStageEnqueuer } from '../src/queue/requeue-unfinished.ts';
import { waitForMessages } from '../src/cli/wait-for-messages.ts';
import { loadMailTemplates, realisticMails } from '../fixtures/make/reply-copies.ts';
import { composeMail } from '../fixtures/make/mail.ts';
import { memoryBombPdf, slowPdf } from '../fixtures/make/hostile-pdf.ts';
import { renderPage, scannedPdf } from '../fixtures/make/scan.ts';
import { letterPdf } from '../fixtures/make/pdf.ts';
import { PDF_PAGES, PDF_RUNNING_HEADER } from '../fixtures/make/letters.ts';

const { values } = parseArgs({ options: { mails: { type: 'string', default: '200' } } });
const ORDINARY = Number(values.mails);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PIPELINE = 'rueckfuehrung-2024';
const RSS_LIMIT_MB = 2048;
const tag = `hostile${Date.now().toString(36)}`;
const schema = `bench_${tag}`;

async function special(kind: string, n: number, filename: string, content: Buffer): Promise<Buffer> {
  return composeMail({
    messageId: `<${tag}-${kind}-${n}@kreis.example>`,
    date: new Date('2024-09-12T09:00:00Z'),
    from: `abh${n}@${kind}.kreis.example`,
    to: 'rueckfuehrung@dlt.example',
    subject: `Stellungnahme (${kind} ${n})`,
    text: 'Sehr geehrte Damen und Herren,\n\nanbei unsere Stellungnahme.\n\nMit freundlichen Grüßen',
    attachments: [{ filename, content, contentType: 'application/pdf' }],
  });
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
async function treeRssMb(root: number): Promise<number> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  await Promise.all(
    pids.map(async (p) => {
      const status = await readFile(`/proc/${p}/status`, 'latin1').catch(() => '');
      const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
      if (ppid) parent.set(Number(p), Number(ppid));
      rss.set(Number(p), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    }),
  );
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++)
      if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, mb] of rss) if (inTree(pid)) total += mb;
  return total;
}

const db = await openStore({ DATABASE_URL, DATABASE_SCHEMA: schema, DATA_DIR: '/nonexistent' });
const producer = connectRedis(REDIS_URL, 'producer');
const prefix = await queuePrefixFor(db, tag);
const queues = createQueues(producer, prefix);
const scan = await scannedPdf(await renderPage(await letterPdf(PDF_PAGES, PDF_RUNNING_HEADER)));
const ordinary = realisticMails(await loadMailTemplates(), ORDINARY, tag);
const hostile = [
  ...(await Promise.all([0, 1].map((n) => special('bomb', n, `anlage-${n}.pdf`, memoryBombPdf())))),
  await special('slow', 0, 'stellungnahme.pdf', slowPdf()),
  ...(await Promise.all([0, 1, 2, 3, 4].map((n) => special('scan', n, `scan-${n}.pdf`, scan)))),
];

// The daemon's worker with every default (EXTRACT_THREADS, EXTRACT_TIMEOUT_SECONDS, EXTRACT_MAX_HEAP_MB, …).
const worker = spawn(process.execPath, ['bin/ruecklauf.mjs', 'worker'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, DATABASE_URL, DATABASE_SCHEMA: schema, REDIS_URL, QUEUE_PREFIX: tag, LOG_LEVEL: 'error' },
});
let peakMb = 0;
const sampler = setInterval(() => {
  void treeRssMb(worker.pid ?? -1).then((mb) => (peakMb = Math.max(peakMb, mb)));
}, 100);

const started = performance.now();
const ids: string[] = [];
// Hostile mails first among the ordinary ones, so the ordinary replies queue behind the bombs and the slow document.
for (const raw of [...hostile.slice(0, 3), ...ordinary.slice(0, 20), ...hostile.slice(3), ...ordinary.slice(20)])
  ids.push(
    (await receiveMail(db, nextStageEnqueuer({ db, queues }), raw, { pipelineId: PIPELINE, source: 'bench' }))
      .messageId,
  );
const counts = await waitForMessages(db, ids, { timeoutMs: 30 * 60_000, progress: process.stderr.isTTY });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);

interface DocRow {
  sender: string;
  state: string;
  error_code: string | null;
  attempt: number;
  live_passages: number;
  seconds: number;
}
const docs = await db.query<DocRow>(
  `SELECT m.from_address AS sender, d.state, d.error_code, d.attempt,
          (SELECT count(*)::int FROM passages p WHERE p.document_id = d.id AND p.superseded_at IS NULL) AS live_passages,
          extract(epoch FROM d.updated_at - m.received_at)::float AS seconds
   FROM documents d JOIN messages m ON m.id = d.message_id`,
);
const kindOf = (d: DocRow) => /@(bomb|slow|scan)\./.exec(d.sender ?? '')?.[1] ?? 'ordinary';
const byKind = (kind: string) => docs.filter((d) => kindOf(d) === kind && d.sender);
const codes = (rows: DocRow[]) => {
  const c: Record<string, number> = {};
  for (const r of rows) c[r.error_code ?? r.state] = (c[r.error_code ?? r.state] ?? 0) + 1;
  return c;
};
const RESOURCE_FAILURES = new Set(['extract.timeout', 'extract.memory_limit', 'extract.failed']);
const ordinaryDocs = docs.filter((d) => kindOf(d) === 'ordinary');
const ordinaryFailed = ordinaryDocs.filter((d) => RESOURCE_FAILURES.has(d.error_code ?? ''));
const bombs = byKind('bomb').filter((d) => d.error_code !== null || d.state !== 'extracted');
const bombAttachments = byKind('bomb').filter((d) => d.live_passages === 0 || d.error_code);
const overwritten = docs.filter((d) => d.state !== 'extracted' && d.live_passages > 0);
const terminal = (counts.classified ?? 0) + (counts.failed ?? 0);

console.log(
  `Hostile load: ${ORDINARY} ordinary replies + 2 memory bombs + 1 slow document + 5 scans, one worker, defaults`,
);
console.log(`  wall time            ${seconds.toFixed(0)} s for ${ids.length} messages, ${docs.length} documents`);
console.log(`  messages             ${JSON.stringify(counts)} (terminal ${terminal}/${ids.length})`);
console.log(`  ordinary documents   ${JSON.stringify(codes(ordinaryDocs))}`);
console.log(`  memory bombs         ${JSON.stringify(codes(bombAttachments))}`);
for (const kind of ['slow', 'scan']) console.log(`  ${kind.padEnd(20)} ${JSON.stringify(codes(byKind(kind)))}`);
console.log(
  `  bomb outcomes        ${bombs.map((b) => `${b.error_code ?? b.state} after ${b.seconds.toFixed(0)} s`).join(', ')}`,
);
console.log(`  peak RSS, worker process tree  ${peakMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB)`);
console.log(
  `  documents extracted more than once (a re-run after a claim lapsed)  ${docs.filter((d) => d.attempt > 1).length}`,
);
console.log(`  results overwritten (a failed document with live passages)  ${overwritten.length}`);

const checks: [string, boolean][] = [
  ['no ordinary document failed for a resource reason', ordinaryFailed.length === 0],
  [
    'both bombs ended extract.memory_limit or extract.timeout',
    bombs.filter((b) => b.error_code === 'extract.memory_limit' || b.error_code === 'extract.timeout').length === 2,
  ],
  [`peak RSS of the process tree ≤ ${RSS_LIMIT_MB} MB`, peakMb <= RSS_LIMIT_MB],
  ['every message terminal', terminal === ids.length],
  ['no result overwritten', overwritten.length === 0],
];
for (const [what, ok] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${what}`);

worker.kill('SIGTERM');
await new Promise((r) => worker.once('exit', r));
await closeQueues(queues);
producer.disconnect();
await db.close();
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await admin.end();
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
