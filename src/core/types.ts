/** Domain types shared by every stage. Pure data, no behaviour. */

export type MessageState = 'received' | 'parsed' | 'extracted' | 'classified' | 'failed';
export const TERMINAL_MESSAGE_STATES: readonly MessageState[] = ['classified', 'failed'];

export type DocumentState = 'pending' | 'extracted' | 'failed' | 'unsupported';

/** Where a text comes from inside a message. */
export type DocumentKind = 'body' | 'attachment';

export type BlockKind = 'heading' | 'paragraph' | 'list_item' | 'table_cell' | 'quote';

/** The parts of a DIN 5008 letter or a mail that are not statements (docs/letter-anatomy.md). */
export const BOILERPLATE_KINDS = [
  'letterhead',
  'address',
  'reference',
  'salutation',
  'closing',
  'signature',
  'footer',
  'forward-header',
  'quote',
  // Not a letter part: the extractor's own note that a file inside an archive could not be read.
  'archive_note',
] as const;
export type BoilerplateKind = (typeof BOILERPLATE_KINDS)[number];

/** A structural unit of extracted text. Offsets are into the document's full extracted text. */
export interface Block {
  kind: BlockKind;
  text: string;
  /** 1-based page number, or null where the format has no pages (mail bodies, DOCX). */
  page: number | null;
  start: number;
  end: number;
  /** Recovered list number as written ("1.", "3.2", "a)"), for list items and numbered headings. */
  number?: string;
  /** Heading depth (1 = top) or list nesting depth (0 = top). */
  level?: number;
  /** Which part of the letter this block is when it is not a statement (letterhead, salutation, signature …). */
  boilerplate?: BoilerplateKind;
}

export interface ExtractedDocument {
  /** The format detected from the bytes (pdf, docx, text, html …). */
  format: string;
  text: string;
  blocks: Block[];
  pageCount: number | null;
  /** Set when extraction stopped early at a limit, e.g. "page cap 500 of 812". */
  truncated?: string;
  /** Set when the text came from OCR, with its mean confidence in [0,1]. */
  ocrConfidence?: number;
}

/** A paragraph-level unit that gets tagged. */
export interface Passage {
  seq: number;
  text: string;
  page: number | null;
  start: number;
  end: number;
  /** Boilerplate passages are stored for context but never tagged with items. */
  boilerplate: string | null;
  /** The heading in force where this passage stands, so references carry over ("Zu Anlage 1 Nr. 7"). */
  heading: string | null;
}

export type TagDimension = 'item' | 'topic' | 'stance';
/** 'memory': copied from a reviewer-confirmed or imported passage the tagged one (nearly) repeats. */
export type TagSource = 'rule' | 'model' | 'reviewer' | 'memory';

export interface Tag {
  dimension: TagDimension;
  label: string;
  confidence: number;
  reason: string;
  source: TagSource;
}

export interface TaxonomyGroup {
  id: string;
  label: string;
  /** How replies number the annex itself: "1" for "zu 1.7", matched also as a Roman numeral ("Zu I. 7."). */
  number?: string | undefined;
  /** How replies name it: "Anlage 1", "Anl. 1", "RückFVG". */
  aliases: string[];
}
export interface TaxonomyItem {
  id: string;
  group: string;
  number: number | string;
  label: string;
  description: string;
  keywords: string[];
}
export interface TaxonomyTopic {
  id: string;
  label: string;
  keywords: string[];
}
export interface TaxonomyStance {
  id: string;
  label: string;
  /** Phrases that signal this stance; "*" stands for up to eight words. */
  cues: string[];
}
export interface Taxonomy {
  id: string;
  title: string;
  deadline: string;
  groups: TaxonomyGroup[];
  items: TaxonomyItem[];
  topics: TaxonomyTopic[];
  stances: TaxonomyStance[];
  /** Retired ids → their replacement, so tags made under an earlier version follow the change. */
  renamed: Record<string, string>;
}

/** One text source of a message, ready for extraction: a body or an attachment, at any nesting depth. */
export interface DocumentInput {
  /** Position in the MIME tree: "body", "att1", "msg2/body", "msg2/att1" … stable across re-parses. */
  path: string;
  kind: DocumentKind;
  /** Sanitised display name only: never used as a file-system path. */
  filename: string | null;
  /** The MIME type the sender declared (routing uses the bytes, not this). */
  declaredType: string;
  bytes: Uint8Array;
  /** For documents of a forwarded message (path "msg1/…"): who wrote that message — the respondent, not the forwarder. */
  origin: MailOrigin | null;
}

/** The headers of a message inside a message. */
export interface MailOrigin {
  messageId: string | null;
  from: string | null;
  fromName: string | null;
  subject: string | null;
  date: string | null;
}

/** What parsing a raw RFC 822 message yields. Nested message/rfc822 parts are flattened into `documents`. */
export interface ParsedMail {
  messageId: string | null;
  from: string | null;
  fromName: string | null;
  subject: string | null;
  date: Date | null;
  documents: DocumentInput[];
  /** Problems that did not stop parsing (malformed MIME, undecodable charset …), recorded on the message. */
  warnings: string[];
}

/** A passage with the tags a machine gave it, ready to be stored. */
export interface TaggedPassage {
  passage: Passage;
  tags: Tag[];
  needsReview: boolean;
  /** How much a reviewer's decision on it would teach (null: boilerplate, or no model spoke). */
  instructive?: Instructiveness | null;
}

/**
 * Why a passage is worth a reviewer's time (the review queue's "lehrreich zuerst" order, src/classify/instructive.ts):
 * how unsure the model is — the margin between its two best items, the gate's distance to its cut-off, the margin
 * between the two most probable stances — weighted by how few reviewer or imported examples its item has.
 */
export interface Instructiveness {
  /** uncertainty × weight: the order. */
  score: number;
  /** The largest of the components, in [0, 1]. */
  uncertainty: number;
  /** Which component it is: `memory` when the reviewer memory decided the passage (little left to learn),
   * `boilerplate` when the model took it for a formality (then `gate` holds that head's probability and cut-off). */
  kind: 'items' | 'gate' | 'stance' | 'memory' | 'boilerplate';
  /** The two best items and the difference of their probabilities (second null: only one item had any weight). */
  items: { best: string; second: string | null; margin: number } | null;
  gate: { p: number; cut: number } | null;
  stance: { best: string; second: string; margin: number } | null;
  /** The item the weight is for (the rarer of the two best) and how many reviewer/imported examples it had. */
  rare: { item: string; examples: number } | null;
  /** 1 + 1/√(1 + examples): 2 for an item nobody labelled yet, 1.1 at 80 examples. */
  weight: number;
  /** With kind `memory`: the similarity to the remembered passage. */
  similarity?: number;
}

/**
 * One labelled text. A dimension left undefined is unknown for this example and it does not train that dimension:
 * a reviewer who only corrected the stance said nothing about the items.
 */
export interface TrainingExample {
  text: string;
  items?: string[];
  topics?: string[];
  stance?: string;
  /** A formality, not a statement (corpus lines say; reviewers' passages do not). */
  boilerplate?: boolean | undefined;
  /** How much the example counts in training relative to a corpus line (1); reviewer knowledge may count more. */
  weight?: number;
}
