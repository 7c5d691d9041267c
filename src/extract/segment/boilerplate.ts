import type { BlockDraft } from './assemble.ts';

/**
 * Marks the parts of a letter or mail that are not statements: letterhead, greeting, closing, signature,
 * disclaimers and the quoted original circular. Pure; the classifier skips what is marked.
 */
const QUOTED_ORIGINAL = [
  /^-{2,}\s*(ursprüngliche nachricht|original message|original-nachricht)/i,
  /^am .{3,80}(schrieb|wrote)\b.{0,160}:?$/i,
  /^von:\s.+\s(gesendet|datum):\s/i,
  /^from:\s.+\s(sent|date):\s/i,
];
const GREETING = /^(sehr geehrte|liebe[rs]?\b|hallo\b|guten tag\b|moin\b)/i;
const CLOSING =
  /^(mit (freundlichen|besten|kollegialen) grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|mfg\b|gruß\b)/i;
const DISCLAIMER =
  /(diese e-?mail (enthält|kann)|vertrauliche (und\/oder )?rechtlich|irrtümlich erhalten|informationspflichten nach art|datenschutzhinweis|this e-?mail (and any|is confidential))/i;
const SIGNATURE_SEPARATOR = /^--\s*$/;
const SHORT = 200;
const LETTERHEAD_WINDOW = 15;

export function markBoilerplate<T extends BlockDraft>(blocks: readonly T[]): T[] {
  const reasons: (string | undefined)[] = blocks.map(() => undefined);
  const quoteStart = blocks.findIndex((b) => QUOTED_ORIGINAL.some((re) => re.test(b.text)));
  const end = quoteStart >= 0 ? quoteStart : blocks.length;
  for (let i = end; i < blocks.length; i++) reasons[i] = 'quoted_original';
  markLetterheadAndGreeting(blocks, reasons, end);
  markClosingAndSignature(blocks, reasons, end);
  blocks.forEach((b, i) => {
    if (reasons[i]) return;
    if (b.kind === 'quote') reasons[i] = 'quoted_original';
    else if (DISCLAIMER.test(b.text)) reasons[i] = 'disclaimer';
  });
  return blocks.map((b, i) => (reasons[i] ? { ...b, boilerplate: reasons[i] } : b));
}

function markLetterheadAndGreeting(blocks: readonly BlockDraft[], reasons: (string | undefined)[], end: number): void {
  const greeting = blocks
    .slice(0, Math.min(end, LETTERHEAD_WINDOW))
    .findIndex((b) => GREETING.test(b.text) && b.text.length < SHORT);
  if (greeting < 0) return;
  reasons[greeting] = 'greeting';
  for (let i = 0; i < greeting; i++) {
    const b = blocks[i];
    // A reference heading above the greeting ("Zu Anlage 1 …") is content, not letterhead.
    if (b && b.text.length < SHORT && !/^zu\b/i.test(b.text)) reasons[i] = 'letterhead';
  }
}

function markClosingAndSignature(blocks: readonly BlockDraft[], reasons: (string | undefined)[], end: number): void {
  const closing = blocks.slice(0, end).findIndex((b) => CLOSING.test(b.text) || SIGNATURE_SEPARATOR.test(b.text));
  if (closing < 0) return;
  const closingBlock = blocks[closing];
  if (!closingBlock || closingBlock.text.length > SHORT * 2) return;
  reasons[closing] = 'closing';
  // Names, titles and addresses follow the closing; a long paragraph after it is content again (a P.S.).
  for (let i = closing + 1; i < end; i++) {
    const b = blocks[i];
    if (!b || b.text.length >= SHORT) break;
    reasons[i] = DISCLAIMER.test(b.text) ? 'disclaimer' : 'signature';
  }
}
