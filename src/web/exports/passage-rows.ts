import type { TagSource, Taxonomy } from '../../core/types.ts';
import { effectiveOnDimension, weakestConfidence } from '../../store/effective-tags.ts';
import type { ReviewRecord } from '../../store/review-records.ts';
import type { PassageRelationRow } from '../../store/reply-relations.ts';
import { respondentLabel, unitOf, type ReplyUnits } from '../respondents/load-reply-units.ts';
import { endorsementLines, prepareSynopsisRows } from './synopsis-relations.ts';

/** One passage with everything an export or the synopsis shows: who (respondent), where (document, page), what (tags). */
export interface PassageRow {
  passageId: string;
  messageId: string;
  documentId: string;
  respondent: string;
  ags: string | null;
  land: string | null;
  from: string | null;
  date: string | null;
  document: string;
  page: number | null;
  seq: number;
  text: string;
  items: string[];
  topics: string[];
  stance: string | null;
  confidence: number;
  tagSource: TagSource | null;
  needsReview: boolean;
  reviewed: boolean;
  boilerplate: boolean;
  /** Near-duplicate group id (the same text in several replies), or null. */
  group: string | null;
  /** The message whose reply replaced this passage's reply, or null. */
  replacedBy: string | null;
  /** The body this passage endorses ("Niedersächsischer Landkreistag"), or null. */
  endorses: string | null;
  /** In a synopsis row standing for a group: the other counties that said the same. */
  alsoSaidBy?: string[];
}

export const documentName = (r: Pick<ReviewRecord, 'kind' | 'filename' | 'path'>): string =>
  r.filename ?? (r.kind === 'body' ? 'E-Mail-Text' : r.path);

export function toPassageRows(
  records: readonly ReviewRecord[],
  units: ReplyUnits,
  relations: ReadonlyMap<string, PassageRelationRow> = new Map(),
): PassageRow[] {
  return records.map((r) => {
    const rel = relations.get(r.passage_id);
    const unit = unitOf(units, r.message_id, r.origin_path);
    const items = effectiveOnDimension(r.tags, 'item');
    const topics = effectiveOnDimension(r.tags, 'topic');
    const stance = effectiveOnDimension(r.tags, 'stance').sort((a, b) => b.confidence - a.confidence)[0] ?? null;
    const chosen = [...items, ...topics, ...(stance ? [stance] : [])];
    return {
      passageId: r.passage_id,
      messageId: r.message_id,
      documentId: r.document_id,
      respondent: respondentLabel(unit),
      ags: unit?.respondent?.ags ?? null,
      land: unit?.respondent?.land ?? null,
      from: r.from_address,
      date: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      document: documentName(r),
      page: r.page,
      seq: r.seq,
      text: r.text,
      items: items.map((t) => t.label),
      topics: topics.map((t) => t.label),
      stance: stance?.label ?? null,
      confidence: Math.round(weakestConfidence(r.tags) * 1000) / 1000,
      tagSource: chosen.some((t) => t.source === 'reviewer') ? 'reviewer' : (chosen[0]?.source ?? null),
      needsReview: r.needs_review && r.reviewed_at === null,
      reviewed: r.reviewed_at !== null,
      boilerplate: r.boilerplate_override ?? r.boilerplate !== null,
      group: rel?.group_id ?? null,
      replacedBy: rel?.replaced_by ?? null,
      endorses: rel?.endorsed ?? null,
    };
  });
}

export interface SynopsisGroup {
  stance: string | null;
  stanceLabel: string;
  rows: PassageRow[];
}

export interface SynopsisItem {
  id: string;
  title: string;
  description: string;
  count: number;
  groups: SynopsisGroup[];
  /** Counties that endorse another body's statement: said once under every item. */
  endorsements: string[];
}

/** Per item, the content passages tagged with it, grouped by stance in the taxonomy's order (unassigned last). */
export function buildSynopsis(
  rows: readonly PassageRow[],
  taxonomy: Taxonomy,
  itemTitle: (id: string) => string,
): SynopsisItem[] {
  // Replaced replies left out, near-duplicates shown once with every county (synopsis-relations.ts).
  const content = prepareSynopsisRows(rows);
  const endorsements = endorsementLines(rows);
  const stances: (string | null)[] = [...taxonomy.stances.map((s) => s.id), null];
  const stanceLabel = (id: string | null) =>
    id ? (taxonomy.stances.find((s) => s.id === id)?.label ?? id) : 'ohne Haltung';
  return taxonomy.items.map((item) => {
    const tagged = content.filter((r) => r.items.includes(item.id));
    return {
      id: item.id,
      title: itemTitle(item.id),
      description: item.description,
      count: tagged.length,
      endorsements,
      groups: stances
        .map((s) => ({ stance: s, stanceLabel: stanceLabel(s), rows: tagged.filter((r) => (r.stance ?? null) === s) }))
        .filter((g) => g.rows.length > 0),
    };
  });
}

/** "Landkreis Harz, E-Mail-Text" / "Kreis Ostholstein, stellungnahme.docx, S. 2": how every quote is attributed. */
export const citation = (r: Pick<PassageRow, 'respondent' | 'document' | 'page'>): string =>
  `${r.respondent}, ${r.document}${r.page !== null ? `, S. ${r.page}` : ''}`;
