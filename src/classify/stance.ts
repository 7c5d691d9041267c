import type { Tag, Taxonomy } from '../core/types.ts';
import { fold } from './normalize.ts';
import { phraseSet, type PhraseSet } from './phrase-set.ts';

interface CompiledCue {
  stance: number;
  cue: string;
  weight: number;
}
interface CompiledCues {
  cues: CompiledCue[];
  phrases: PhraseSet;
}
const cache = new WeakMap<Taxonomy, CompiledCues>();

function compile(taxonomy: Taxonomy): CompiledCues {
  let compiled = cache.get(taxonomy);
  if (!compiled) {
    // A phrase ("lehnen * ab") says more than a single word ("sollte").
    const cues = taxonomy.stances.flatMap((s, stance) =>
      s.cues.map((cue) => ({ stance, cue, weight: /[\s*]/.test(cue.trim()) ? 1 : 0.6 })),
    );
    compiled = { cues, phrases: phraseSet(cues.map((c) => c.cue)) };
    cache.set(taxonomy, compiled);
  }
  return compiled;
}

// The rules and the model's features ask about the same passage one after the other: remember the last answer.
let last: { taxonomy: Taxonomy; text: string; hits: { id: string; hits: CompiledCue[] }[] } | null = null;

function cueHitsOf(text: string, taxonomy: Taxonomy) {
  if (last?.taxonomy === taxonomy && last.text === text) return last.hits;
  const { cues, phrases } = compile(taxonomy);
  const found = phrases.matching(fold(text)).map((i) => cues[i] as CompiledCue);
  const hits = taxonomy.stances.map((s, stance) => ({ id: s.id, hits: found.filter((c) => c.stance === stance) }));
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
