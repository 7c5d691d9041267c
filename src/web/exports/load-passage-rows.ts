import { listReviewRecords } from '../../store/review-records.ts';
import { listPassageRelations } from '../../store/reply-relations.ts';
import type { WebDeps } from '../deps.ts';
import { loadReplyUnits } from '../respondents/load-reply-units.ts';
import { taxonomyOptions, labelOf, shortLabelOf } from '../views/taxonomy-labels.ts';
import { toPassageRows, type PassageRow } from './passage-rows.ts';

export async function loadPassageRows(deps: Pick<WebDeps, 'db' | 'pipeline' | 'respondents'>): Promise<PassageRow[]> {
  const [records, units, relations] = await Promise.all([
    listReviewRecords(deps.db, deps.pipeline.id),
    loadReplyUnits(deps),
    listPassageRelations(deps.db, deps.pipeline.id),
  ]);
  return toPassageRows(records, units, new Map(relations.map((r) => [r.passage_id, r])));
}

export function itemTitler(deps: Pick<WebDeps, 'pipeline'>): (id: string) => string {
  const options = taxonomyOptions(deps.pipeline.taxonomy);
  return (id) => labelOf(options, 'item', id);
}

export function itemShortTitler(deps: Pick<WebDeps, 'pipeline'>): (id: string) => string {
  const options = taxonomyOptions(deps.pipeline.taxonomy);
  return (id) => shortLabelOf(options, 'item', id);
}
