import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMissingTools } from '../missing-tools.ts';
import { runIngest } from './ingest.ts';
import { loadEnv } from '../../config/env.ts';
import { openStore } from '../../store/open-store.ts';
import { listPassageRecords } from '../../store/passage-records.ts';

const FIXTURE_MAILS = fileURLToPath(new URL('../../../fixtures/mail/', import.meta.url));

/**
 * The main job on the embedded default: the fixture replies go through the real queue into the embedded database
 * (PGlite under DATA_DIR unless DATABASE_URL is set), then the result table and the tagged passages are printed.
 */
export async function runDemo(): Promise<number> {
  const env = loadEnv();
  for (const m of findMissingTools())
    process.stderr.write(`! ${m.what} is missing: ${m.needed} will fail. Run: bash scripts/ensure-demo-tools.sh\n`);
  // The terminal shows the progress bar and the result; the JSON log lines go to a file beside the database.
  const logFile = path.join(env.DATA_DIR, 'demo.log');
  process.stderr.write(`Running the fixture replies through the pipeline (log: ${logFile})\n`);
  const code = await runIngest([FIXTURE_MAILS], {
    workers: true,
    timeout: 300,
    progress: true,
    privateRedis: true,
    logFile,
  });
  const db = await openStore(env);
  try {
    const records = (await listPassageRecords(db, null)).filter((r) => r.items.length > 0);
    process.stdout.write(`\nTagged passages (${records.length} with items):\n`);
    for (const r of records) {
      const where =
        r.source.kind === 'body'
          ? 'body'
          : `${r.source.filename ?? 'attachment'}${r.source.page ? ` p.${r.source.page}` : ''}`;
      const text = r.text.replace(/\s+/g, ' ');
      process.stdout.write(
        `- [${r.items.join(', ')}] ${r.stance ?? ''} ${r.confidence.toFixed(2)}  ${r.message.from ?? ''} · ${where}\n` +
          `    ${text.length > 140 ? text.slice(0, 139) + '…' : text}\n`,
      );
    }
    process.stdout.write(
      `\nExport everything with: npx ruecklauf export --format jsonl   (log of this run: ${logFile})\n`,
    );
  } finally {
    await db.close();
  }
  return code;
}
