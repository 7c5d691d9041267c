import { compilePhrase, type CompiledPhrase } from './normalize.ts';

/** Which of a fixed list of phrases occur in a folded text. */
export interface PhraseSet {
  /** Indices (into the list given to phraseSet) of the phrases that match, ascending. */
  matching(foldedText: string): number[];
}

const KEY = 3;
const BUCKETS = 1 << 16;
/** A bucket for the three letters at i; letters that share a bucket are told apart by startsWith. */
const keyAt = (s: string, i: number): number =>
  (s.charCodeAt(i) * 961 + s.charCodeAt(i + 1) * 31 + s.charCodeAt(i + 2)) & (BUCKETS - 1);

/**
 * Several hundred keywords and cues are asked about every passage, and most occur in none. Each phrase's longest
 * literal part is filed under its first three letters (hashed to a bucket); one pass over the text's letter triples finds the few whose
 * literal starts there, and only those run their expression. Same answers as running every expression, several times
 * fewer string searches.
 */
export function phraseSet(phrases: readonly string[]): PhraseSet {
  const compiled = phrases.map(compilePhrase);
  const byKey: (number[] | undefined)[] = new Array<number[] | undefined>(BUCKETS).fill(undefined);
  const short: number[] = [];
  compiled.forEach((p, i) => {
    if (p.literal.length < KEY) return void short.push(i);
    (byKey[keyAt(p.literal, 0)] ??= []).push(i);
  });
  // A phrase's expression runs at most once per text: `tried` holds the number of the text it last ran on.
  const tried = new Uint32Array(compiled.length);
  let textNo = 0;
  return {
    matching(text) {
      textNo++;
      const found = short.filter((i) => literalMatches(compiled[i] as CompiledPhrase, text));
      for (let at = 0; at + KEY <= text.length; at++) {
        const candidates = byKey[keyAt(text, at)];
        if (!candidates) continue;
        for (const i of candidates) {
          const p = compiled[i] as CompiledPhrase;
          if (tried[i] === textNo || !text.startsWith(p.literal, at)) continue;
          tried[i] = textNo;
          if (p.re.test(text)) found.push(i);
        }
      }
      return found.sort((a, b) => a - b);
    },
  };
}

const literalMatches = (p: CompiledPhrase, text: string): boolean => text.includes(p.literal) && p.re.test(text);
