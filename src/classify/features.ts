import type { Taxonomy } from '../core/types.ts';
import { citationFeatures } from './citations.ts';
import { compoundSplitter, taxonomyVocabulary } from './compound-splitter.ts';
import { keywordIndex } from './keywords.ts';
import { stemGerman, tokenizeGerman } from './natural-de.ts';
import { fold } from './normalize.ts';
import { stanceCueHits } from './stance.ts';

/** Bumped whenever the features change: a stored model built on other features is then not used. */
export const FEATURE_VERSION = 'features-1';

/** Text → sparse binary features (names), from everything the rules also look at. */
export type FeatureExtractor = (text: string) => string[];

const cache = new WeakMap<Taxonomy, FeatureExtractor>();

/**
 * Lexical features on German-normalised text: stems of folded words (so "Ärzte" and "Aerzte" agree), the known parts
 * of compounds ("abschiebungshaft" and "einrichtung"), stem bigrams for phrases ("lehnen … ab" is near enough),
 * legal citations, and the rules' own evidence (which item's or topic's keywords, which stance's cues hit), so the
 * model learns how far to trust each.
 */
export function featureExtractor(taxonomy: Taxonomy): FeatureExtractor {
  const cached = cache.get(taxonomy);
  if (cached) return cached;
  const splitter = compoundSplitter(taxonomyVocabulary(taxonomy));
  const items = keywordIndex(taxonomy.items);
  const topics = keywordIndex(taxonomy.topics);
  const stems = new Map<string, string>();
  const stem = (w: string) => {
    let s = stems.get(w);
    if (s === undefined) {
      s = stemGerman(w);
      if (stems.size > 100_000) stems.clear();
      stems.set(w, s);
    }
    return s;
  };
  const extract: FeatureExtractor = (text) => {
    const out = new Set<string>();
    const words = tokenizeGerman(fold(text)).flatMap((t) => t.split('-')).filter((w) => w.length > 1 && !/^\d+$/.test(w));
    let previous: string | null = null;
    for (const w of words) {
      const s = stem(w);
      out.add(`w:${s}`);
      const parts = splitter.split(w);
      if (parts.length > 1) for (const part of parts) out.add(`w:${stem(part)}`);
      if (previous) out.add(`b:${previous}_${s}`);
      previous = s;
    }
    for (const c of citationFeatures(text)) out.add(c);
    for (const m of items.match(text)) out.add(`kw:${m.id}`);
    for (const m of topics.match(text)) out.add(`kw:${m.id}`);
    for (const id of stanceCueHits(text, taxonomy)) out.add(`cue:${id}`);
    out.add(`len:${Math.min(6, Math.ceil(Math.log2(words.length + 1)))}`);
    return [...out];
  };
  cache.set(taxonomy, extract);
  return extract;
}
