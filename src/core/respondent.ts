/** A body expected to reply: for the DLT, one of the 294 Landkreise (pipelines/<id>/respondents.csv). */
export interface Respondent {
  /** Official key (Amtlicher Gemeindeschlüssel, 5 digits for a Kreis). */
  ags: string;
  name: string;
  /** The inferred official name ("Landkreis Harz", "Kreis Ostholstein"): a matching aid, not authoritative. */
  officialName: string;
  landCode: string;
  land: string;
}

export interface AssignmentFact {
  from_address: string | null;
  assigned: boolean;
  ags: string | null;
  assigned_by: string | null;
}

export type ClueSource =
  'learned-domain' | 'domain-table' | 'domain-name' | 'letterhead' | 'subject' | 'filename' | 'display-name';

export interface Clue {
  source: ClueSource;
  ags: string;
  weight: number;
  detail: string;
}

/** What identifies who wrote one reply unit (a mail, or a forwarded mail inside it), plus the reviewer's assignment. */
export interface ReplySource extends AssignmentFact {
  message_id: string;
  origin_path: string;
  from_name: string | null;
  from_address: string | null;
  sent_at: Date | null;
  /** Letterhead, address, reference, closing and signature passages: where a county names itself. */
  signature: string | null;
  subject?: string | null;
  /** Attachment names of the unit, one per line. */
  filenames?: string | null;
}

/** One reply unit (a mail, or a county's mail forwarded inside it) with the respondent it speaks for. */
export interface ReplyUnit {
  messageId: string;
  originPath: string;
  fromName: string | null;
  fromAddress: string | null;
  sentAt: Date | null;
  respondent: Respondent | null;
  /** reviewer: assigned by a person; auto: attributed from the evidence; none: nobody found. */
  source: 'reviewer' | 'auto' | 'none';
  /** How sure the attribution is: 1 for a reviewer's assignment, else the combined evidence. */
  confidence: number;
  /** Conflicting or weak evidence: a reviewer should confirm (never set once a reviewer assigned the unit). */
  needsReview: boolean;
  reason: string;
  clues: Clue[];
}

/** Key of a reply unit, to look up the respondent of a passage. */
export const unitKey = (messageId: string, originPath: string): string => `${messageId}/${originPath}`;
