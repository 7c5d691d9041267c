import type { Taxonomy } from '../core/types.ts';
import { fold } from './normalize.ts';
import { tokenizeGerman } from './natural-de.ts';

/** Splits folded German compounds into known parts: "abschiebungshafteinrichtung" → ["abschiebungshaft", "einrichtung"]. */
export interface CompoundSplitter {
  split(word: string): string[];
}

const MIN_PART = 4;
// Fugenelemente: the linking letters German puts between the parts of a compound (Gewahrsam-s-platz, Tag-e-satz).
const LINKS = ['', 's', 'es', 'n', 'en', 'e'];
const INFLECTION = /(?<=ung|heit|keit|schaft|ion|tät|taet)(?:en)$/;

/**
 * The taxonomy's own words (keywords, labels, descriptions) are the dictionary: a stemmer leaves
 * "Abschiebungshafteinrichtung" whole, but its parts are what the items are described with. A word's base form
 * (inflection stripped) and the remainders of words that start with another known word ("gewahrsams|einrichtungen"
 * → "einrichtung") are added, so parts that only ever appear inside compounds are known too.
 */
export function taxonomyVocabulary(taxonomy: Taxonomy): Set<string> {
  const texts = [
    ...taxonomy.items.flatMap((i) => [i.label, i.description, ...i.keywords]),
    ...taxonomy.topics.flatMap((t) => [t.label, ...t.keywords]),
    ...taxonomy.groups.map((g) => g.label),
  ];
  const words = new Set<string>();
  for (const text of texts)
    for (const w of tokenizeGerman(fold(text))) for (const part of w.split('-')) addWord(words, part);
  // A remainder after a known head counts as a word when two different words share it ("abschiebungshaft|einrichtung",
  // "gewahrsams|einrichtungen"); one occurrence alone is as likely a mis-cut ("abschiebung|shafteinrichtung").
  const remainders = new Map<string, Set<string>>();
  for (const w of words) {
    for (let cut = MIN_PART; cut <= w.length - MIN_PART - 1; cut++) {
      const head = w.slice(0, cut);
      const rest = w.slice(cut);
      if (!LINKS.some((link) => head.endsWith(link) && words.has(head.slice(0, head.length - link.length)))) continue;
      for (const r of [rest, rest.replace(INFLECTION, '')]) remainders.set(r, (remainders.get(r) ?? new Set()).add(w));
    }
  }
  for (const [r, from] of remainders) if (from.size >= 2 && r.length > MIN_PART) words.add(r);
  return words;
}

function addWord(words: Set<string>, w: string): void {
  if (w.length < MIN_PART || /\d/.test(w)) return;
  words.add(w);
  // Only endings that cannot be part of a stem ("einrichtungen" → "einrichtung", never "dublin" → "dubli").
  const base = w.replace(INFLECTION, '');
  if (base !== w && base.length >= MIN_PART + 2) words.add(base);
}

/**
 * Dynamic programming over the word: the split into the fewest known parts that covers it entirely, each part
 * optionally followed by a linking element and the last one by an inflection ending. Unknown words stay whole.
 */
export function compoundSplitter(vocabulary: ReadonlySet<string>): CompoundSplitter {
  const cache = new Map<string, string[]>();
  return {
    split(word) {
      const cached = cache.get(word);
      if (cached) return cached;
      const parts = word.length >= 2 * MIN_PART ? bestSplit(word, vocabulary) : [word];
      if (cache.size > 50_000) cache.clear();
      cache.set(word, parts);
      return parts;
    },
  };
}

function bestSplit(word: string, vocabulary: ReadonlySet<string>): string[] {
  const n = word.length;
  // best[i]: fewest parts covering word[0, i); prev[i]: [start of the last part, its end without link]
  const best: number[] = new Array<number>(n + 1).fill(Infinity);
  const prev: [number, number][] = new Array<[number, number]>(n + 1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    const here = best[i] ?? Infinity;
    if (here === Infinity) continue;
    for (let j = i + MIN_PART; j <= n; j++) {
      const part = word.slice(i, j);
      // The whole word is known too ("abschiebungshafteinrichtung" is a keyword): we still want its parts.
      if ((i === 0 && /^(?:en|es|er|n|s|e)?$/.test(word.slice(j))) || !vocabulary.has(part)) continue;
      const endings = j === n ? [''] : LINKS;
      for (const link of endings) {
        const k = j + link.length;
        if (k > n || word.slice(j, k) !== link) continue;
        if (here + 1 < (best[k] ?? Infinity)) {
          best[k] = here + 1;
          prev[k] = [i, j];
        }
      }
      // An inflection ending after the last part: "…einrichtungen".
      const tail = word.slice(j);
      if (j < n && /^(?:en|es|er|n|s|e)$/.test(tail) && here + 1 < (best[n] ?? Infinity)) {
        best[n] = here + 1;
        prev[n] = [i, j];
      }
    }
  }
  if (best[n] === Infinity) return [word];
  const parts: string[] = [];
  for (let k = n; k > 0;) {
    const [start, end] = prev[k] as [number, number];
    parts.unshift(word.slice(start, end));
    k = start;
  }
  return parts;
}
