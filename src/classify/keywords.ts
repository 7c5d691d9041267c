import { fold, phrasePattern } from './normalize.ts';

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
  const compiled = entries.map((e) => ({ id: e.id, patterns: e.keywords.map((k) => ({ keyword: k, re: phrasePattern(k), weight: weightOf(k) })) }));
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
    const out: KeywordMatch[] = [];
    for (const entry of compiled) {
      const hits = entry.patterns.filter((p) => p.re.test(folded));
      if (hits.length === 0) continue;
      const score = 1 - hits.reduce((rest, h) => rest * (1 - h.weight), 1);
      out.push({ id: entry.id, score, hits: hits.map((h) => h.keyword) });
    }
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
