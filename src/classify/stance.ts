import type { Tag, Taxonomy } from '../core/types.ts';
import { fold, phrasePattern } from './normalize.ts';

interface CompiledCue {
  cue: string;
  re: RegExp;
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

/** Exactly one stance per passage, from the pipeline's stance cues; the neutral stance when nothing speaks. */
export function stanceFor(text: string, taxonomy: Taxonomy, neutralId: string): Tag {
  const folded = fold(text);
  const scored = compile(taxonomy)
    .map((s) => {
      const hits = s.cues.filter((c) => c.re.test(folded));
      return { id: s.id, hits, score: hits.reduce((n, h) => n + h.weight, 0) };
    })
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

export const round = (n: number): number => Math.round(n * 100) / 100;
