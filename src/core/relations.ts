/** Cross-reply relations as data: what src/relations/ computes and src/store/ keeps. */

export type VersionRelation = 'addendum' | 'replacement';

export interface VersionLink {
  key: string;
  earlierKey: string;
  relation: VersionRelation;
}

/** A passage as relations see it: where it stands and whether it is a statement. */
export interface RelationPassage {
  id: string;
  messageId: string;
  originPath: string;
  text: string;
  boilerplate: boolean;
}

export interface ReplyRelations {
  /** passage id → near-duplicate group id, for passages in a group. */
  groups: Map<string, string>;
  endorsements: { passageId: string; target: string; targetAgs: string | null; phrase: string }[];
  /** Keys are unitKey(messageId, originPath). */
  versions: VersionLink[];
}
