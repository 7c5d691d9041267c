import type { WebDeps } from '../deps.ts';
import { loadReplyUnits, type ReplyUnits } from '../respondents/load-reply-units.ts';

type Deps = Pick<WebDeps, 'db' | 'pipeline' | 'respondents'>;

/**
 * Who each reply speaks for is worked out in code (sender, signature, learned domains: see respondents/), which
 * costs a pass over every reply. Search pages need it on every request, so the result is kept until anything it
 * reads changes: a message (arrives, is reprocessed) or a reviewer's assignment. The fingerprint is one cheap query.
 */
export function cachedReplyUnits(): (deps: Deps) => Promise<ReplyUnits> {
  let kept: { fingerprint: string; units: Promise<ReplyUnits> } | null = null;
  return async (deps) => {
    const [f] = await deps.db.query<{ fingerprint: string }>(
      `SELECT concat_ws('/',
         (SELECT count(*) FROM messages WHERE pipeline_id = $1),
         (SELECT max(updated_at) FROM messages WHERE pipeline_id = $1),
         (SELECT count(*) FROM respondent_assignments),
         (SELECT max(assigned_at) FROM respondent_assignments)) AS fingerprint`,
      [deps.pipeline.id],
    );
    const fingerprint = f?.fingerprint ?? '';
    if (kept?.fingerprint !== fingerprint) {
      const units = loadReplyUnits(deps);
      kept = { fingerprint, units };
      units.catch(() => {
        if (kept?.units === units) kept = null;
      });
    }
    return kept.units;
  };
}
