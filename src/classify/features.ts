import type { Taxonomy } from '../core/types.ts';
import { citationFeatures } from './citations.ts';
import { figureFeatures } from './figures.ts';
import { compoundSplitter, taxonomyVocabulary } from './compound-splitter.ts';
import { keywordIndex } from './keywords.ts';
import { stemGerman, tokenizeGerman } from './natural-de.ts';
import { fold } from './normalize.ts';
import { reportedSpeechCues } from './reported-speech.ts';
import { stanceCueHits } from './stance.ts';
import { synonymClassesOf } from './synonyms.ts';

/** Bumped whenever the features change: a stored model built on other features is then not used. */
export const FEATURE_VERSION = 'features-3';

/**
 * OpenThesaurus synonym classes as features (`s:<class>`, see synonyms.ts). Measured and left off (December 2026,
 * docs/classifier.md "Features that carry over"): topics recall rose on the foreign registers, but items fell in
 * cross-validation, on the held-out writers and on the held-out register. Switching them on means bumping
 * FEATURE_VERSION.
 */
const SYNONYM_CLASSES = false;

/** Letter 4-grams of a word ("<abs", "absc", …): German compounds and inflections share them where stems do not. */
const GRAM = 4;

/** Stance is about how something is said, not what about: the letter grams (and synonym classes) only add noise
 * there (measured). */
const usedForStance = (feature: string): boolean => !feature.startsWith('c:') && !feature.startsWith('s:');

/** Per feature index, 1 when the stance head uses it. */
export const stanceFeatureMask = (features: readonly string[]): Uint8Array =>
  Uint8Array.from(features, (f) => (usedForStance(f) ? 1 : 0));

/** Text → sparse binary features (names), from everything the rules also look at. */
export type FeatureExtractor = (text: string) => string[];

/** Text → the indices of its features in a model's feature list, distinct and ascending. */
export type FeatureIndexer = (text: string) => Int32Array;

/** Receives a passage's features: a word's own (cached per word, so the same object each time) and the others. */
interface FeatureSink {
  word(features: WordFeatures): void;
  /** Two words in a row (their stem bigram). */
  pair(first: WordFeatures, second: WordFeatures): void;
  other(name: string): void;
}

interface Featurizer {
  extract: FeatureExtractor;
  indexer(index: ReadonlyMap<string, number>): FeatureIndexer;
}

const cache = new WeakMap<Taxonomy, Featurizer>();

/**
 * Lexical features on German-normalised text: stems of folded words (so "Ärzte" and "Aerzte" agree), the known parts
 * of compounds ("abschiebungshaft" and "einrichtung"), stem bigrams for phrases ("lehnen … ab" is near enough),
 * letter 4-grams (so "Rückführungshaft" and "Abschiebungshaft" share "haft"), legal citations, the shape of the
 * figures, the rules' own evidence (which item's or topic's keywords, which stance's cues hit), so the model
 * learns how far to trust each, and the reported-speech and table-verdict cues of reported-speech.ts ("fordert",
 * "müsse", "sei zu begrüßen", "| Ablehnung |"), which say how a passage not written in the first person takes a
 * position.
 */
export const featureExtractor = (taxonomy: Taxonomy): FeatureExtractor => featurizer(taxonomy).extract;

/** The same features as indices into a model's feature list (unknown ones dropped), without building their names
 * again for every passage: prediction's hot path. */
export const featureIndexer = (taxonomy: Taxonomy, index: ReadonlyMap<string, number>): FeatureIndexer =>
  featurizer(taxonomy).indexer(index);

function featurizer(taxonomy: Taxonomy): Featurizer {
  const cached = cache.get(taxonomy);
  if (cached) return cached;
  const splitter = compoundSplitter(taxonomyVocabulary(taxonomy));
  const items = keywordIndex(taxonomy.items);
  const topics = keywordIndex(taxonomy.topics);
  const byWord = new Map<string, WordFeatures>();
  const featuresOf = (w: string): WordFeatures => {
    let f = byWord.get(w);
    if (f === undefined) {
      f = wordFeatures(w, splitter.split(w));
      // Words repeat across a corpus; the cache is bounded so a long-running worker cannot grow without limit.
      if (byWord.size > 100_000) byWord.clear();
      byWord.set(w, f);
    }
    return f;
  };
  const walk = (text: string, sink: FeatureSink): void => {
    const words = tokenizeGerman(fold(text))
      .flatMap((t) => t.split('-'))
      .filter((w) => w.length > 1 && !/^\d+$/.test(w));
    let previous: WordFeatures | null = null;
    for (const w of words) {
      const features = featuresOf(w);
      sink.word(features);
      if (previous) sink.pair(previous, features);
      previous = features;
    }
    for (const c of citationFeatures(text)) sink.other(c);
    for (const f of figureFeatures(text)) sink.other(f);
    for (const m of items.match(text)) sink.other(`kw:${m.id}`);
    for (const m of topics.match(text)) sink.other(`kw:${m.id}`);
    for (const id of stanceCueHits(text, taxonomy)) sink.other(`cue:${id}`);
    for (const cue of reportedSpeechCues(text)) sink.other(cue);
    sink.other(`len:${Math.min(6, Math.ceil(Math.log2(words.length + 1)))}`);
  };
  const extract: FeatureExtractor = (text) => {
    const out = new Set<string>();
    walk(text, {
      word: (w) => w.features.forEach((f) => out.add(f)),
      pair: (a, b) => out.add(bigram(a, b)),
      other: (f) => out.add(f),
    });
    return [...out];
  };
  const built: Featurizer = { extract, indexer: (index) => indexer(walk, index) };
  cache.set(taxonomy, built);
  return built;
}

/** Ids per word are looked up once per word and model; a stamp per feature keeps each id once per passage. */
function indexer(walk: (text: string, sink: FeatureSink) => void, index: ReadonlyMap<string, number>): FeatureIndexer {
  const idsOfWord = new WeakMap<WordFeatures, Int32Array>();
  // By the two words' (cached, hence identical) feature objects: no bigram name is built for a pair seen before.
  const idOfPair = new WeakMap<WordFeatures, Map<WordFeatures, number | undefined>>();
  const stamp = new Uint32Array(index.size);
  let passage = 0;
  return (text) => {
    passage++;
    const out: number[] = [];
    const add = (id: number | undefined) => {
      if (id === undefined || stamp[id] === passage) return;
      stamp[id] = passage;
      out.push(id);
    };
    walk(text, {
      word(w) {
        let ids = idsOfWord.get(w);
        if (!ids) idsOfWord.set(w, (ids = Int32Array.from(w.features.flatMap((f) => index.get(f) ?? []))));
        for (const id of ids) add(id);
      },
      pair(a, b) {
        let after = idOfPair.get(a);
        if (!after) idOfPair.set(a, (after = new Map()));
        if (!after.has(b)) after.set(b, index.get(bigram(a, b)));
        add(after.get(b));
      },
      other: (name) => add(index.get(name)),
    });
    return Int32Array.from(out).sort();
  };
}

const bigram = (a: WordFeatures, b: WordFeatures): string => `b:${a.stem}_${b.stem}`;

interface WordFeatures {
  stem: string;
  /** The word's own features: its stem, the stems of its compound parts, its letter grams. */
  features: readonly string[];
}

function wordFeatures(word: string, parts: readonly string[]): WordFeatures {
  const stem = stemGerman(word);
  const features = [`w:${stem}`];
  if (parts.length > 1) for (const part of parts) features.push(`w:${stemGerman(part)}`);
  if (SYNONYM_CLASSES) {
    const stems = parts.length > 1 ? [stem, ...parts.map(stemGerman)] : [stem];
    for (const s of stems) for (const c of synonymClassesOf(s)) features.push(`s:${c}`);
  }
  for (const g of letterGrams(word)) features.push(`c:${g}`);
  return { stem, features };
}

function letterGrams(word: string): string[] {
  if (word.length <= GRAM) return [];
  const padded = `<${word}>`;
  const out: string[] = [];
  for (let i = 0; i + GRAM <= padded.length; i++) out.push(padded.slice(i, i + GRAM));
  return out;
}
