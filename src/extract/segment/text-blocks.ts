import type { BlockDraft } from './assemble.ts';
import { listLevel, splitListMarker } from './list-number.ts';
import { FORWARD_MARKER, MAIL_HEADER_FIELD, QUOTE_MARKER } from './letter-lines.ts';

const HEADING_START =
  /^(zu\b|zu:|betr(ifft|\.|eff)|anlage\b|teil\b|abschnitt\b|ziff(er|\.)|nr\.|punkt\b|[IVX]{1,5}\.\s|\d{1,2}(\.\d{1,2})*\.?\s)/i;
const MAX_HEADING_LENGTH = 120;

/**
 * Plain text (a mail body, a PDF page after clean-up, converted HTML) → blocks. Blank lines separate paragraphs;
 * hard-wrapped lines inside a paragraph are joined; numbered lines start list items; quoted lines (">") are quotes.
 */
export function textToBlocks(text: string, page: number | null): BlockDraft[] {
  const blocks: BlockDraft[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = para
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (lines.length === 0) continue;
    if (lines.every((l) => l.startsWith('>'))) {
      const quoted = lines
        .map((l) => l.replace(/^(>\s?)+/, ''))
        .join(' ')
        .trim();
      if (quoted) blocks.push({ kind: 'quote', text: quoted, page });
      continue;
    }
    // A forwarded or quoted message's header keeps a line per field, so its fields can be read back.
    if (isMailHeader(lines[0] ?? '')) blocks.push({ kind: 'paragraph', text: lines.join('\n'), page });
    else for (const group of splitAtListMarkers(lines)) blocks.push(toBlock(group, page));
  }
  return blocks;
}

const isMailHeader = (line: string): boolean =>
  FORWARD_MARKER.test(line) || QUOTE_MARKER.some((re) => re.test(line)) || MAIL_HEADER_FIELD.test(line);

/** A paragraph whose lines start with list numbers holds several list items, one per marker. */
function splitAtListMarkers(lines: string[]): string[][] {
  const groups: string[][] = [];
  for (const line of lines) {
    const last = groups[groups.length - 1];
    if (!last || splitListMarker(line)) groups.push([line]);
    else last.push(line);
  }
  return groups;
}

function toBlock(lines: string[], page: number | null): BlockDraft {
  const text = joinLines(lines);
  const marker = splitListMarker(text);
  if (lines.length === 1 && isHeading(text)) {
    return { kind: 'heading', text, page, level: 1, ...(marker?.number ? { number: marker.number } : {}) };
  }
  if (marker)
    return {
      kind: 'list_item',
      text,
      page,
      level: listLevel(marker.number),
      ...(marker.number ? { number: marker.number } : {}),
    };
  return { kind: 'paragraph', text, page };
}

/** "Zu Anlage 1 Nr. 7", "II. Sonstige Maßnahmen", "Betreff: …": short, one line, not a finished sentence. */
export function isHeading(line: string): boolean {
  if (line.length > MAX_HEADING_LENGTH || line.split(/\s+/).length > 14) return false;
  // A finished sentence is a paragraph, except bare reference headings such as "Zu Nr. 7." or "II. 4.".
  if (/[.!?;,]$/.test(line))
    return (/^zu\b/i.test(line) && line.length <= 40) || /^([IVX]+|\d+)\.(\s?\d+\.?)?$/.test(line);
  return HEADING_START.test(line) || /:$/.test(line);
}

/**
 * Joins hard-wrapped lines; a word split by a hyphen at a line end is rejoined ("Abschiebungs-\nhaft"). Linear in
 * the paragraph's length: only the line before is tested, and the pieces are joined once (a text of one 40,000-line
 * paragraph took 19 s when the growing result was tested and copied at every line).
 */
export function joinLines(lines: readonly string[]): string {
  const pieces: string[] = [];
  let started = false; // a non-empty line was written: later lines need a separator
  let previous = '';
  for (const line of lines) {
    if (!started) {
      pieces[0] = line;
      started = line !== '';
    } else if (HYPHENATED_END.test(previous) && /^\p{Ll}/u.test(line) && !/^(und|oder|bzw|sowie)\b/.test(line)) {
      pieces[pieces.length - 1] = previous.slice(0, -1);
      pieces.push(line);
    } else pieces.push(' ', line);
    previous = line;
  }
  return pieces.join('');
}

/** A line ending in a lower-case letter and a hyphen: "Abschiebungs-", not "Haft-" before "und". */
const HYPHENATED_END = /\p{Ll}-$/u;
