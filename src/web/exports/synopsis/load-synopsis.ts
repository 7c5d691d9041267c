import { listAssessments } from '../../../store/assessments.ts';
import type { WebDeps } from '../../deps.ts';
import { loadReplyUnits } from '../../respondents/load-reply-units.ts';
import { itemShortTitler, itemTitler, loadPassageRows } from '../load-passage-rows.ts';
import { buildSynopsis, type SynopsisModel } from './build-synopsis.ts';
import { endorsementsOf } from './endorsements.ts';
import { eachOnItsOwn, groupByNearDuplicates } from './merge-statements.ts';
import type { SynopsisOptions } from './options.ts';

/** Everything the synopsis shows, loaded once: passages with their respondents, assessments and endorsements. */
export async function loadSynopsis(
  deps: Pick<WebDeps, 'db' | 'pipeline' | 'respondents'>,
  options: SynopsisOptions,
  /**
   * Merge near-identical statements (the documents and an item's page). The overview and the chart only count
   * senders per stance, which merging does not change, and skip it: it is most of the model's cost (bench:synopsis).
   */
  { merge = true }: { merge?: boolean } = {},
): Promise<SynopsisModel> {
  const [allRows, units, assessments] = await Promise.all([
    loadPassageRows(deps),
    loadReplyUnits(deps),
    listAssessments(deps.db, deps.pipeline.id),
  ]);
  // A replaced reply's passages stay in the workspace and the export (marked), never in the synopsis.
  const rows = allRows.filter((r) => !r.replacedBy);
  return buildSynopsis({
    rows,
    taxonomy: deps.pipeline.taxonomy,
    itemTitle: itemTitler(deps),
    itemShort: itemShortTitler(deps),
    respondents: deps.respondents,
    repliedAgs: new Set(units.units.flatMap((u) => (u.respondent ? [u.respondent.ags] : []))),
    assessments,
    endorsements: endorsementsOf(allRows),
    groupTexts: merge ? groupByNearDuplicates : eachOnItsOwn,
    options,
  });
}
