import type { Tag, Taxonomy } from '../core/types.ts';
import { fold, phrasePattern, type PhraseMatcher } from './normalize.ts';

interface CompiledCue {
  cue: string;
  re: PhraseMatcher;
  weight: number;
}
const cache = new WeakMap<Taxonomy, { id: string; cues: CompiledCue[] }[]>();

function compile(taxonomy: Taxonomy) {
  let compiled = cache.get(taxonomy);
  if (!compiled) {
    // A phrase ("lehnen * ab") says more than a single word ("sollte").
    compiled = taxonomy.stances.map((s) => ({
      id: s.id,
      cues: s.cues.map((cue) => ({ cue, re: phrasePattern(cue), weight: /[\s*]/.test(cue.trim()) ? 1 : 0.6 })),
    }));
    cache.set(taxonomy, compiled);
  }
  return compiled;
}

// The rules and the model's features ask about the same passage one after the other: remember the last answer.
let last: { taxonomy: Taxonomy; text: string; hits: { id: string; hits: CompiledCue[] }[] } | null = null;

function cueHitsOf(text: string, taxonomy: Taxonomy) {
  if (last?.taxonomy === taxonomy && last.text === text) return last.hits;
  const folded = fold(text);
  const hits = compile(taxonomy).map((s) => ({ id: s.id, hits: s.cues.filter((c) => c.re.test(folded)) }));
  last = { taxonomy, text, hits };
  return hits;
}

/** Exactly one stance per passage, from the pipeline's stance cues; the neutral stance when nothing speaks. */
export function stanceFor(text: string, taxonomy: Taxonomy, neutralId: string): Tag {
  const scored = cueHitsOf(text, taxonomy)
    .map((s) => ({ id: s.id, hits: s.hits, score: s.hits.reduce((n, h) => n + h.weight, 0) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return { dimension: 'stance', label: neutralId, confidence: 0.4, reason: 'no stance cue', source: 'rule' };
  const margin = best.score - (scored[1]?.score ?? 0);
  const confidence = Math.min(0.9, 0.45 + 0.15 * best.score + 0.1 * margin);
  return {
    dimension: 'stance',
    label: best.id,
    confidence: round(confidence),
    reason: `cues: ${best.hits.map((h) => h.cue).join(', ')}`,
    source: 'rule',
  };
}

/** The stances whose cues occur in the text (as features for the model). */
export function stanceCueHits(text: string, taxonomy: Taxonomy): string[] {
  return cueHitsOf(text, taxonomy)
    .filter((s) => s.hits.length > 0)
    .map((s) => s.id);
}

export const round = (n: number): number => Math.round(n * 100) / 100;
