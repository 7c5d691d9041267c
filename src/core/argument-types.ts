/** Argument grouping (src/arguments), shared as data with the store and the web. A statement passage as grouping sees it: its text and the subjects (items or topics) it is tagged with. */
export interface ArgumentPassage {
  id: string;
  text: string;
  /** Item (or topic) ids; the passage is grouped once under each. */
  subjects: readonly string[];
}

/** One argument of a subject: passages that make the same point. */
export interface Argument {
  /** Stable: a reviewed argument keeps its id; a machine one derives it from its subject and members. */
  id: string;
  label: string;
  /** The most central passage, or the one a reviewer pinned. */
  representative: string;
  /** Member passage ids, ascending. */
  passages: string[];
  /** True when a reviewer edited it (rename, merge, split, move, pinned quote): its membership is then theirs. */
  reviewed: boolean;
}

/** The grouping of one subject: every passage in exactly one argument or in `unassigned` ("Einzelne Äußerungen"). */
export interface SubjectArguments {
  subject: string;
  arguments: Argument[];
  unassigned: string[];
}

/**
 * What reviewers decided about a subject's arguments; grouping keeps it. A reviewed argument keeps id, label and
 * pinned passages; new passages join it where they fit. A passage pinned to `null` stays in "Einzelne Äußerungen".
 */
export interface ReviewedArgument {
  id: string;
  /** A reviewer's label; null lets the machine label it from its members. */
  label: string | null;
  representative: string | null;
  /** Passages the reviewer put here (or confirmed here by editing the argument). */
  pinned: readonly string[];
}

export interface SubjectReview {
  arguments: readonly ReviewedArgument[];
  /** Passages a reviewer moved to "Einzelne Äußerungen". */
  pinnedUnassigned: readonly string[];
}

export const EMPTY_REVIEW: SubjectReview = { arguments: [], pinnedUnassigned: [] };
