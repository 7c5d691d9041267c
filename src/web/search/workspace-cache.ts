import type { Db } from '../../store/db.ts';
import type { WebDeps } from '../deps.ts';
import type { Pipeline } from '../../config/pipeline.ts';
import type { PassageRow } from '../exports/passage-rows.ts';
import { loadPassageRows } from '../exports/load-passage-rows.ts';
import { loadReplyUnits, type ReplyUnits } from '../respondents/load-reply-units.ts';
import type { Respondent } from '../respondents/respondent.ts';

type Deps = { db: Db; pipeline: Pipeline; respondents: readonly Respondent[] };

/**
 * Who each reply speaks for is worked out in code (sender, signature, learned domains), and the queue, coverage and
 * synopsis pages read every passage with its tags: at 300 replies and 5,000 passages that is 80–300 ms per request
 * (bench:web). Both are kept until anything they read changes, which one cheap query tells: messages arriving or
 * reprocessed (updated_at), any reviewer change (every one writes an audit row), passages split, merged or flagged,
 * a respondent assignment.
 */
/** The app's dependencies with the cache createWebApp adds; routes built without one load afresh. */
export type CachedDeps = WebDeps & { cache?: WorkspaceCache | undefined };

export interface WorkspaceCache {
  replyUnits(deps: Deps): Promise<ReplyUnits>;
  passageRows(deps: Deps): Promise<PassageRow[]>;
}

async function fingerprint(deps: Deps): Promise<string> {
  const [f] = await deps.db.query<{ fingerprint: string }>(
    `SELECT concat_ws('/',
       (SELECT count(*) FROM messages WHERE pipeline_id = $1),
       (SELECT max(updated_at) FROM messages WHERE pipeline_id = $1),
       (SELECT max(id) FROM tag_audit),
       (SELECT count(*) || ':' || count(*) FILTER (WHERE needs_review) FROM passages WHERE superseded_at IS NULL),
       (SELECT count(*) FROM respondent_assignments),
       (SELECT max(assigned_at) FROM respondent_assignments)) AS fingerprint`,
    [deps.pipeline.id],
  );
  return f?.fingerprint ?? '';
}

function memo<T>(load: (deps: Deps) => Promise<T>): (deps: Deps) => Promise<T> {
  let kept: { key: string; value: Promise<T> } | null = null;
  return async (deps) => {
    const key = await fingerprint(deps);
    if (kept?.key !== key) {
      const value = load(deps);
      const entry = { key, value };
      kept = entry;
      value.catch(() => {
        if (kept === entry) kept = null;
      });
    }
    return kept.value;
  };
}

export function createWorkspaceCache(): WorkspaceCache {
  return { replyUnits: memo(loadReplyUnits), passageRows: memo(loadPassageRows) };
}

/** The cached value when the app made a cache (always, via createWebApp), else loaded afresh. */
export const replyUnitsOf = (deps: Deps & { cache?: WorkspaceCache | undefined }): Promise<ReplyUnits> =>
  deps.cache ? deps.cache.replyUnits(deps) : loadReplyUnits(deps);

export const passageRowsOf = (deps: Deps & { cache?: WorkspaceCache | undefined }): Promise<PassageRow[]> =>
  deps.cache ? deps.cache.passageRows(deps) : loadPassageRows(deps);
