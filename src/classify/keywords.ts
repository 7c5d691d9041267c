import { fold } from './normalize.ts';
import { phraseSet } from './phrase-set.ts';

export interface KeywordEntry {
  id: string;
  keywords: readonly string[];
}

export interface KeywordMatch {
  id: string;
  score: number;
  hits: string[];
}

/** Keyword lists compiled once per taxonomy. */
export interface KeywordIndex {
  match(text: string): KeywordMatch[];
}

const cache = new WeakMap<readonly KeywordEntry[], KeywordIndex>();

/**
 * Evidence from keywords: each distinct keyword adds weight (citations and phrases more than single words);
 * scores combine like independent signals, 1 − Π(1 − w).
 */
export function keywordIndex(entries: readonly KeywordEntry[]): KeywordIndex {
  const cached = cache.get(entries);
  if (cached) return cached;
  const keywords = entries.flatMap((e, entry) =>
    e.keywords.map((keyword) => ({ entry, keyword, weight: weightOf(keyword) })),
  );
  const phrases = phraseSet(keywords.map((k) => k.keyword));
  // The rules and the model's features ask about the same passage one after the other: remember the last answer.
  let last: { text: string; matches: KeywordMatch[] } | null = null;
  const index: KeywordIndex = {
    match(text) {
      if (last?.text === text) return last.matches.map((m) => ({ ...m, hits: [...m.hits] }));
      const matches = matchAll(text);
      last = { text, matches };
      return matches.map((m) => ({ ...m, hits: [...m.hits] }));
    },
  };
  function matchAll(text: string): KeywordMatch[] {
    const folded = fold(text);
    const hitsByEntry = new Map<number, (typeof keywords)[number][]>();
    for (const k of phrases.matching(folded)) {
      const hit = keywords[k] as (typeof keywords)[number];
      hitsByEntry.set(hit.entry, [...(hitsByEntry.get(hit.entry) ?? []), hit]);
    }
    const out: KeywordMatch[] = [...hitsByEntry].map(([entry, hits]) => ({
      id: (entries[entry] as KeywordEntry).id,
      score: 1 - hits.reduce((rest, h) => rest * (1 - h.weight), 1),
      hits: hits.map((h) => h.keyword),
    }));
    // Ties keep the taxonomy's order, as before (the sort is stable and entries come in order).
    return out.sort((a, b) => b.score - a.score);
  }
  cache.set(entries, index);
  return index;
}

function weightOf(keyword: string): number {
  if (keyword.includes('§')) return 0.5;
  if (keyword.includes(' ') || keyword.length >= 10) return 0.45;
  return 0.35;
}
