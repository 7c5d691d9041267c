import { letterFacts, type LetterFacts } from '../../extract/segment/letter-facts.ts';
import type { Queryable } from '../../store/db.ts';
import {
  listGroupPeers,
  listMessageEndorsements,
  listReplyVersions,
  type VersionChoice,
} from '../../store/reply-relations.ts';
import { respondentLabel, unitOf, type ReplyUnits } from '../respondents/load-reply-units.ts';

/** What the reply view shows about a reply's relations to other replies (views/reply-relations.ts). */
export interface ReplyRelationsModel {
  messageId: string;
  versions: {
    /** later: this reply adds to / replaces the other; earlier: the other adds to / replaces this one. */
    direction: 'later' | 'earlier';
    originPath: string;
    otherMessageId: string;
    otherOriginPath: string;
    otherLabel: string;
    relation: VersionChoice;
    source: 'auto' | 'reviewer';
    setBy: string | null;
  }[];
  endorsements: { passageId: string; target: string }[];
  groups: { passageId: string; groupId: string; others: { messageId: string; passageId: string; label: string }[] }[];
  /** Per document: the facts its letter parts carry (Aktenzeichen, date, office …), where it has any. */
  letters: { documentId: string; facts: LetterFacts }[];
}

export async function loadReplyRelations(
  q: Queryable,
  messageId: string,
  units: ReplyUnits,
  passages: readonly { document_id: string; boilerplate: string | null; text: string }[] = [],
): Promise<ReplyRelationsModel> {
  const [versions, endorsements, peers] = await Promise.all([
    listReplyVersions(q, messageId),
    listMessageEndorsements(q, messageId),
    listGroupPeers(q, messageId),
  ]);
  const label = (m: string, o: string) => respondentLabel(unitOf(units, m, o));
  const groups = new Map<string, ReplyRelationsModel['groups'][number]>();
  for (const p of peers) {
    const g = groups.get(p.passage_id) ?? { passageId: p.passage_id, groupId: p.group_id, others: [] };
    g.others.push({
      messageId: p.peer_message_id,
      passageId: p.peer_passage_id,
      label: label(p.peer_message_id, p.peer_origin_path),
    });
    groups.set(p.passage_id, g);
  }
  return {
    messageId,
    versions: versions.map((v) => {
      const later = v.message_id === messageId;
      return {
        direction: later ? 'later' : 'earlier',
        originPath: later ? v.origin_path : v.earlier_origin_path,
        otherMessageId: later ? v.earlier_message_id : v.message_id,
        otherOriginPath: later ? v.earlier_origin_path : v.origin_path,
        otherLabel: later ? label(v.earlier_message_id, v.earlier_origin_path) : label(v.message_id, v.origin_path),
        relation: v.relation,
        source: v.source,
        setBy: v.set_by,
      };
    }),
    endorsements: endorsements.map((e) => ({ passageId: e.passage_id, target: e.target })),
    groups: [...groups.values()],
    letters: [...new Set(passages.map((p) => p.document_id))]
      .map((documentId) => ({ documentId, facts: letterFacts(passages.filter((p) => p.document_id === documentId)) }))
      .filter((l) => Object.values(l.facts).some((v) => v !== null)),
  };
}
