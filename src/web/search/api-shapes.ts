import { instructiveReason, type ReasonLabels } from '../../classify/instructive.ts';
import { effectiveOnDimension } from '../../store/effective-tags.ts';
import type { FoundPassage } from '../../store/passage-search.ts';
import type { FoundReply } from '../../store/reply-search.ts';
import { isLate } from '../views/html.ts';
import { unitOf, type ReplyUnits } from '../respondents/load-reply-units.ts';

const respondentOf = (u: { respondent: { ags: string; officialName: string; landCode: string } | null } | undefined) =>
  u?.respondent ? { ags: u.respondent.ags, name: u.respondent.officialName, land: u.respondent.landCode } : null;

/** A passage as GET /api/passages answers it (issue 15's shape). */
export function passageJson(p: FoundPassage, units: ReplyUnits, labels: ReasonLabels) {
  const stance = effectiveOnDimension(p.tags, 'stance').sort((a, b) => b.confidence - a.confidence)[0];
  return {
    id: p.id,
    message: {
      messageId: p.message_id,
      from: p.from_address,
      subject: p.subject,
      date: p.sent_at ? new Date(p.sent_at).toISOString() : null,
    },
    respondent: respondentOf(unitOf(units, p.message_id, p.origin_path)),
    text: p.text,
    items: [...new Set(effectiveOnDimension(p.tags, 'item').map((t) => t.label))],
    topics: [...new Set(effectiveOnDimension(p.tags, 'topic').map((t) => t.label))],
    stance: stance?.label ?? null,
    reviewed: p.reviewed,
    boilerplate: p.boilerplate,
    source: { kind: p.doc_kind, filename: p.filename, page: p.page },
    /** What reviewing it would teach (order=instructive): the score and the reason for its place, in German. */
    instructive: p.instructive_why
      ? {
          score: p.instructive_why.score,
          kind: p.instructive_why.kind,
          reason: instructiveReason(p.instructive_why, labels),
        }
      : null,
  };
}

export function replyJson(r: FoundReply, units: ReplyUnits, deadline: string) {
  const date = r.sent_at ?? r.received_at;
  return {
    id: r.id,
    from: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    date: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    receivedAt: new Date(r.received_at).toISOString(),
    state: r.state,
    error: r.error_code ? { code: r.error_code, detail: r.error_detail } : null,
    late: isLate(date, deadline),
    respondents: (units.byMessage.get(r.id) ?? []).map(respondentOf).filter((x) => x !== null),
    assignee: r.assignee,
    passages: r.passages,
    reviewed: r.reviewed,
    toReview: r.to_review,
  };
}
