import cliProgress from 'cli-progress';
import type { Db } from '../store/db.ts';
import { countMessagesByState } from '../store/messages.ts';

/**
 * Polls PostgreSQL (the source of truth) until every given message is classified or failed, with a progress bar
 * on stderr. Returns the final counts per state.
 */
export async function waitForMessages(
  db: Db,
  ids: readonly string[],
  opts: { timeoutMs: number; progress: boolean },
): Promise<Record<string, number>> {
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: 'pipeline |{bar}| {value}/{total} done · {states}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(ids.length, 0, { states: '' });
  const deadline = Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      const counts = await countMessagesByState(db, ids);
      const finished = (counts.classified ?? 0) + (counts.failed ?? 0);
      bar?.update(finished, {
        states: Object.entries(counts)
          .map(([s, n]) => `${s} ${n}`)
          .join(', '),
      });
      if (finished >= ids.length) return counts;
      if (Date.now() > deadline) return counts;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    bar?.stop();
  }
}
