/**
 * Scores letter anatomy against labelled letters (docs/letter-anatomy.md). Two figures:
 *  - leak share: letter-part lines (letterhead, address, reference, date, salutation, closing, signature, footer,
 *    forward header, quote) found inside non-boilerplate passages, as a share of all lines those passages hold;
 *  - lost sentences: statement sentences that ended up only in boilerplate passages.
 * Text is compared folded (letters and digits only), so wrapping, hyphenation and spacing do not matter; OCR text
 * is matched by word overlap.
 */
export interface LabelledLineInput {
  label: string;
  text: string;
}
export interface PassageInput {
  text: string;
  boilerplate: string | null;
}

export interface AnatomyScore {
  statementSentences: number;
  /** Statement sentences found only in boilerplate passages. */
  lost: string[];
  /** Statement sentences found nowhere (extraction lost them: OCR errors), reported apart. */
  unread: string[];
  /** Letter-part lines found inside non-boilerplate passages. */
  leaked: { label: string; text: string }[];
  /** Heading lines (context) that stand alone as a content passage. */
  headingPassages: string[];
  contentPassages: number;
}

const fold = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const tokens = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length >= 3);

/** Sentence ends, but not after abbreviations and numbers ("Nr. 7", "Abs. 3", "24.07.2024"). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[\p{Lu}])/u)
    .reduce<string[]>((out, piece) => {
      const prev = out[out.length - 1];
      if (prev && /\b(nr|abs|art|vgl|bzw|ca|dr|z\.b|u\.a|s|ff)\.$/i.test(prev))
        out[out.length - 1] = `${prev} ${piece}`;
      else out.push(piece);
      return out;
    }, [])
    .map((s) => s.trim())
    .filter((s) => fold(s).length > 0);
}

const BOILERPLATE_LABELS = new Set([
  'letterhead',
  'address',
  'reference',
  'salutation',
  'closing',
  'signature',
  'footer',
  'forward-header',
  'quote',
]);

function overlap(needle: readonly string[], hay: ReadonlySet<string>): number {
  if (needle.length === 0) return 0;
  return needle.filter((t) => hay.has(t)).length / needle.length;
}

export function scoreAnatomy(lines: readonly LabelledLineInput[], passages: readonly PassageInput[]): AnatomyScore {
  const content = passages.filter((p) => !p.boilerplate);
  const boiler = passages.filter((p) => p.boilerplate);
  const contentFolded = content.map((p) => fold(p.text));
  const boilerFolded = boiler.map((p) => fold(p.text));
  const contentTokens = content.map((p) => new Set(tokens(p.text)));
  const boilerTokens = boiler.map((p) => new Set(tokens(p.text)));

  const sentences = lines.filter((l) => l.label === 'statement').flatMap((l) => splitSentences(l.text));
  const lost: string[] = [];
  const unread: string[] = [];
  // What statements account for in each content passage: the rest is what a letter part could have put there.
  const residue = [...contentFolded];
  const residueTokens = contentTokens.map((s) => new Set(s));
  for (const s of sentences) {
    const f = fold(s);
    const t = tokens(s);
    const exact = contentFolded.findIndex((c) => c.includes(f));
    if (exact >= 0) {
      residue[exact] = (residue[exact] ?? '').replace(f, '');
      for (const tok of t) residueTokens[exact]?.delete(tok);
      continue;
    }
    const fuzzy = contentTokens.findIndex((c) => overlap(t, c) >= 0.8);
    // A sentence a page break or a paragraph guess cut in two is split, not lost: it is still content.
    if (fuzzy < 0 && contentFolded.join('').includes(f)) continue;
    if (fuzzy >= 0) {
      for (const tok of t) residueTokens[fuzzy]?.delete(tok);
      continue;
    }
    if (boilerFolded.some((b) => b.includes(f)) || boilerTokens.some((b) => overlap(t, b) >= 0.8)) lost.push(s);
    else unread.push(s);
  }

  const leaked: { label: string; text: string }[] = [];
  for (const l of lines) {
    if (!BOILERPLATE_LABELS.has(l.label)) continue;
    const f = fold(l.text);
    const t = tokens(l.text);
    if (f.length < 4) continue;
    const inResidue =
      residue.some((r) => r.includes(f)) || (t.length >= 2 && residueTokens.some((r) => overlap(t, r) >= 0.75));
    if (inResidue) leaked.push({ label: l.label, text: l.text });
  }

  const headings = lines.filter((l) => l.label === 'heading').map((l) => fold(l.text));
  const headingPassages = content.filter((p) => headings.includes(fold(p.text))).map((p) => p.text);
  return {
    statementSentences: sentences.length,
    lost,
    unread,
    leaked,
    headingPassages,
    contentPassages: content.length,
  };
}

export interface AnatomyFigures {
  letters: number;
  statementSentences: number;
  lostSentences: number;
  unreadSentences: number;
  leakedLines: number;
  /** Leaked letter-part lines / (statement sentences kept + leaked lines) in non-boilerplate passages. */
  leakShare: number;
  headingPassages: number;
}

export function sumAnatomy(scores: readonly AnatomyScore[]): AnatomyFigures {
  const sum = (f: (s: AnatomyScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const statementSentences = sum((s) => s.statementSentences);
  const lostSentences = sum((s) => s.lost.length);
  const unreadSentences = sum((s) => s.unread.length);
  const leakedLines = sum((s) => s.leaked.length);
  const kept = statementSentences - lostSentences - unreadSentences;
  return {
    letters: scores.length,
    statementSentences,
    lostSentences,
    unreadSentences,
    leakedLines,
    leakShare: kept + leakedLines === 0 ? 0 : leakedLines / (kept + leakedLines),
    headingPassages: sum((s) => s.headingPassages.length),
  };
}
