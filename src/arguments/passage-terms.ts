import { citationFeatures } from '../classify/citations.ts';
import type { CompoundSplitter } from '../classify/compound-splitter.ts';
import { stemGerman } from '../classify/natural-de.ts';
import { fold } from '../classify/normalize.ts';
import { STOPWORDS } from './stopwords.ts';

/** The terms of one passage: what its vector is built from, and how a label would spell them. */
export interface PassageTerms {
  /** Term → weight summed over its occurrences. */
  weights: Map<string, number>;
  /** Terms fit for a label → their spelling in this passage ("w:haftplatz" → "Haftplätze"). */
  surfaces: Map<string, string>;
}

// A word as written, hyphenated compounds whole ("Dublin-Verfahren"), digits allowed after the first letter.
const WORD = /\p{L}[\p{L}\p{N}]*(?:-\p{L}[\p{L}\p{N}]*)*/gu;

// Compound parts and phrases count less than the words themselves: they repeat what the words already say.
const PART_WEIGHT = 0.5;
const BIGRAM_WEIGHT = 0.5;
const CITATION_WEIGHT = 1;

interface Token {
  surface: string;
  stem: string;
}

/**
 * Terms over the classifier's own German normalisation: folded stems ("Ärzte" = "Aerzte"), the known parts of
 * compounds ("Abschiebungshafteinrichtung" also counts as "Einrichtung"), adjacent word pairs, and legal citations
 * ("§ 62b"). Nouns (capitalised as written) and adjective–noun pairs ("fehlende Haftplätze") are label candidates.
 */
export function passageTerms(text: string, splitter: CompoundSplitter | null): PassageTerms {
  const weights = new Map<string, number>();
  const surfaces = new Map<string, string>();
  const add = (term: string, weight: number) => weights.set(term, (weights.get(term) ?? 0) + weight);
  let previous: Token | null = null;
  for (const match of text.matchAll(WORD)) {
    for (const surface of match[0].split('-')) {
      const folded = fold(surface);
      if (folded.length < 3 || STOPWORDS.has(folded) || /\d/.test(folded)) {
        previous = null; // a stop word breaks a phrase
        continue;
      }
      const token = { surface, stem: stemGerman(folded) };
      add(`w:${token.stem}`, 1);
      if (isNoun(surface) && !surfaces.has(`w:${token.stem}`)) surfaces.set(`w:${token.stem}`, surface);
      const parts = splitter?.split(folded) ?? [folded];
      if (parts.length > 1)
        for (const part of parts) if (!STOPWORDS.has(part)) add(`w:${stemGerman(part)}`, PART_WEIGHT);
      if (previous) {
        const pair = `b:${previous.stem}_${token.stem}`;
        add(pair, BIGRAM_WEIGHT);
        if (isAttribute(previous.surface) && isNoun(surface) && !surfaces.has(pair))
          surfaces.set(pair, `${previous.surface} ${surface}`);
      }
      previous = token;
    }
  }
  for (const c of citationFeatures(text)) {
    add(c, CITATION_WEIGHT);
    const [kind, number, more] = c.split(':');
    if (more === undefined && number) surfaces.set(c, kind === 'cite' ? `§ ${number}` : `Art. ${number}`);
  }
  return { weights, surfaces };
}

// German nouns are capitalised; an all-caps abbreviation (ZAB, PEP) names a thing too.
const isNoun = (w: string): boolean => /^\p{Lu}/u.test(w) && w.length >= 3;
// An inflected adjective or participle in front of a noun: "fehlende", "rechtlichen", "zentrales".
const isAttribute = (w: string): boolean => /^\p{Ll}+(?:e|en|er|es|em)$/u.test(w) && w.length >= 5;
