import type { TagSource } from '../../core/types.ts';
import { effectiveOnDimension, weakestConfidence } from '../../store/effective-tags.ts';
import type { ReviewRecord } from '../../store/review-records.ts';
import type { PassageRelationRow } from '../../store/reply-relations.ts';
import { respondentLabel, unitOf, type ReplyUnits } from '../respondents/load-reply-units.ts';

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

/** "Landkreis Harz, E-Mail-Text" / "Kreis Ostholstein, stellungnahme.docx, S. 2": how every quote is attributed. */
export const citation = (r: Pick<PassageRow, 'respondent' | 'document' | 'page'>): string =>
  `${r.respondent}, ${r.document}${r.page !== null ? `, S. ${r.page}` : ''}`;
