import type { PassageTerms } from './passage-terms.ts';

/** A class of passages to label: an argument, or the remaining passages of the subject as one class. */
export interface LabelClass {
  members: readonly PassageTerms[];
}

const PHRASES_PER_LABEL = 3;

/**
 * Class-based TF-IDF (as BERTopic's c-TF-IDF) over the label candidates — nouns, adjective–noun pairs, citations:
 * a term scores by the share of the class's passages that use it times log(1 + A / f), f being how many passages
 * of the subject use it and A the mean class size. What every argument of the item says ("Abschiebungshaft" under
 * the detention item) scores low; what sets this one apart scores high. Returns the candidates per class, best
 * first, as written in the passages (most frequent spelling).
 */
export function rankLabelPhrases(classes: readonly LabelClass[]): string[][] {
  const usedBy = new Map<string, number>();
  const tf = classes.map((c) => {
    const counts = new Map<string, number>();
    for (const p of c.members) for (const t of p.surfaces.keys()) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) usedBy.set(t, (usedBy.get(t) ?? 0) + n);
    return counts;
  });
  const meanSize = classes.reduce((n, c) => n + c.members.length, 0) / Math.max(1, classes.length);
  return classes.map((c, k) => {
    const size = c.members.length;
    // A phrase one passage of a larger argument uses is that passage's, not the argument's.
    const minUse = Math.min(2, size);
    const scored = [...tf[k]!]
      .filter(([, n]) => n >= minUse)
      .map(([t, n]) => ({ t, score: (n / size) * Math.log(1 + meanSize / usedBy.get(t)!) }))
      .sort((a, b) => b.score - a.score || a.t.localeCompare(b.t));
    const chosen: string[] = [];
    const stems = new Set<string>();
    for (const { t } of scored) {
      const parts = termStems(t);
      // "fehlende Haftplätze" after "Haftplätze" would say the same twice.
      if (parts.some((s) => stems.has(s))) continue;
      parts.forEach((s) => stems.add(s));
      chosen.push(spelling(c.members, t));
    }
    return chosen;
  });
}

/**
 * Labels from ranked phrases: the first three, extended by the next phrase (or numbered) where an earlier
 * argument of the same subject already carries the same label, so reviewers can tell every argument apart.
 */
export function distinctLabels(
  ranked: readonly string[][],
  fallback: readonly string[],
  fixed: readonly (string | null)[],
): string[] {
  // Reviewers' labels are theirs: never extended or numbered, and no machine label may repeat one.
  const used = new Set(fixed.flatMap((l) => (l ? [l.toLowerCase()] : [])));
  return ranked.map((phrases, i) => {
    const own = fixed[i];
    if (own) return own;
    let n = Math.min(PHRASES_PER_LABEL, phrases.length);
    const join = (k: number) => capitalise(phrases.slice(0, k).join(', '));
    let label = join(n) || (fallback[i] ?? '');
    while (used.has(label.toLowerCase()) && n < phrases.length) label = join(++n);
    for (let k = 2; used.has(label.toLowerCase()); k++) label = `${label.replace(/ \(\d+\)$/, '')} (${k})`;
    used.add(label.toLowerCase());
    return label;
  });
}

const termStems = (t: string): string[] => (t.startsWith('b:') ? t.slice(2).split('_') : [t.slice(t.indexOf(':') + 1)]);

function spelling(members: readonly PassageTerms[], term: string): string {
  const counts = new Map<string, number>();
  for (const p of members) {
    const s = p.surfaces.get(term);
    if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? term;
}

// A label is a heading: "Längere Höchstdauer, Flug", not "längere Höchstdauer, Flug".
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
