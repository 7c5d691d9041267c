import { stableId } from '../core/ids.ts';
import type { CompoundSplitter } from '../classify/compound-splitter.ts';
import { groupNearDuplicates } from '../similarity/near-duplicates.ts';
import { agglomerate } from './agglomerate.ts';
import { distinctLabels, rankLabelPhrases } from './label-arguments.ts';
import { passageTerms, type PassageTerms } from './passage-terms.ts';
import { dense, lsaSpace, projectLsa } from './lsa.ts';
import { cosine, termSpace, tfidfVector, type SparseVector } from './tfidf.ts';
import {
  EMPTY_REVIEW,
  type Argument,
  type ArgumentPassage,
  type ReviewedArgument,
  type SubjectArguments,
  type SubjectReview,
} from '../core/argument-types.ts';

export interface GroupingOptions {
  /** Splits German compounds into the taxonomy's words; null: words stay whole. */
  splitter: CompoundSplitter | null;
  /** Average similarity at which two groups still make the same point. */
  threshold?: number;
  /**
   * Further texts of the consultation's kind (the pipeline's training passages): they only inform the term weights
   * and the latent space, so a small subject still learns that "Konsulat" and "Botschaft" go together.
   */
  background?: readonly string[];
  /** Share of the plain TF-IDF cosine in the similarity; the rest is the latent (LSA) cosine. */
  lexicalWeight?: number;
  /** Axes of the latent space. */
  dimensions?: number;
  /** Subjects in the order to return them; default: every subject of the passages, sorted. */
  subjects?: readonly string[];
  /** Reviewers' decisions per subject. */
  reviews?: ReadonlyMap<string, SubjectReview>;
}

/** Chosen on the evaluation set (docs/arguments.md): below it unrelated points merge, above it paraphrases split. */
export const DEFAULT_THRESHOLD = 0.12;
export const DEFAULT_LEXICAL_WEIGHT = 0.25;
export const DEFAULT_DIMENSIONS = 100;

/**
 * What grouping computes from the texts alone, whatever their tags: terms, TF-IDF and latent vectors, near-duplicate
 * groups. A tag change leaves it valid, so a caller may keep it for the next grouping of the same texts.
 */
export interface ArgumentSpace {
  /** Passage ids, ascending: the order of the arrays below. */
  ids: readonly string[];
  terms: readonly PassageTerms[];
  vectors: readonly SparseVector[];
  latent: readonly Float64Array[];
  duplicateGroup: ReadonlyMap<string, number>;
}

/** Deduplicated by id, sorted by id: the order every index below refers to. */
function sortedPassages(passages: readonly ArgumentPassage[]): ArgumentPassage[] {
  const byId = new Map<string, ArgumentPassage>();
  for (const p of passages) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function buildArgumentSpace(passages: readonly ArgumentPassage[], options: GroupingOptions): ArgumentSpace {
  const sorted = sortedPassages(passages);
  const terms = sorted.map((p) => passageTerms(p.text, options.splitter));
  const background = (options.background ?? []).map((text) => passageTerms(text, options.splitter).weights);
  const space = termSpace([...terms.map((t) => t.weights), ...background]);
  const vectors = terms.map((t) => tfidfVector(t.weights, space));
  // The latent space is the expensive part (a randomized SVD over passages and background): skipped when unused.
  const latent =
    (options.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT) < 1
      ? latentVectors(
          [...terms.map((t) => t.weights), ...background],
          options.dimensions ?? DEFAULT_DIMENSIONS,
          terms.length,
        )
      : terms.map(() => new Float64Array(0));
  // Near-duplicates (a Land association's model text sent by several counties) always share an argument.
  const duplicateGroup = new Map<string, number>();
  groupNearDuplicates(sorted).forEach((ids, g) => ids.forEach((id) => duplicateGroup.set(id, g)));
  return { ids: sorted.map((p) => p.id), terms, vectors, latent, duplicateGroup };
}

/**
 * Arguments per subject (item or topic). Every passage of a subject lands in exactly one argument or among the
 * unassigned ("Einzelne Äußerungen"): passages that joined no other form no forced cluster. Deterministic: the
 * passages are sorted by id, the term space by term, and every tie is broken by index. `space` must have been
 * built from the same passage texts (and options); by default it is built here.
 */
export function groupArguments(
  passages: readonly ArgumentPassage[],
  options: GroupingOptions,
  space: ArgumentSpace = buildArgumentSpace(passages, options),
): SubjectArguments[] {
  const sorted = sortedPassages(passages);
  if (sorted.length !== space.ids.length || sorted.some((p, i) => p.id !== space.ids[i]))
    throw new RangeError('the argument space was built from other passages');
  const subjects = options.subjects ?? [...new Set(sorted.flatMap((p) => p.subjects))].sort();
  return subjects.map((subject) => {
    const members: number[] = [];
    sorted.forEach((p, i) => {
      if (p.subjects.includes(subject)) members.push(i);
    });
    return groupSubject(
      subject,
      members.map((i) => ({
        passage: sorted[i]!,
        terms: space.terms[i]!,
        vector: space.vectors[i]!,
        latent: space.latent[i]!,
      })),
      options.reviews?.get(subject) ?? EMPTY_REVIEW,
      space.duplicateGroup,
      options.threshold ?? DEFAULT_THRESHOLD,
      options.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT,
    );
  });
}

interface Member {
  passage: ArgumentPassage;
  terms: PassageTerms;
  vector: SparseVector;
  latent: Float64Array;
}

function groupSubject(
  subject: string,
  all: readonly Member[],
  review: SubjectReview,
  duplicateGroup: ReadonlyMap<string, number>,
  threshold: number,
  lexicalWeight: number,
): SubjectArguments {
  const keptApart = new Set(review.pinnedUnassigned);
  const members = all.filter((m) => !keptApart.has(m.passage.id) && m.vector.indices.length > 0);
  const unassigned = all.filter((m) => !members.includes(m)).map((m) => m.passage.id);
  const n = members.length;
  const lexical = withinSubject(members.map((m) => m.vector));
  const latent = centred(members.map((m) => m.latent));
  const similarity = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    similarity[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const s = lexicalWeight * cosine(lexical[i]!, lexical[j]!) + (1 - lexicalWeight) * dense(latent[i]!, latent[j]!);
      similarity[i * n + j] = s;
      similarity[j * n + i] = s;
    }
  }
  const { seeds, anchored } = seedGroups(members, review.arguments, duplicateGroup);
  const clusters = agglomerate({
    n,
    similarity,
    seeds,
    anchored,
    threshold,
  });

  const found: { members: number[]; reviewed: ReviewedArgument | null }[] = [];
  for (const c of clusters) {
    const reviewed = c.anchor >= 0 ? review.arguments[c.anchor]! : null;
    if (c.members.length === 0) continue; // a reviewed argument all of whose passages left the subject
    if (!reviewed && c.members.length < 2) unassigned.push(members[c.members[0]!]!.passage.id);
    else found.push({ members: c.members, reviewed });
  }
  // Largest first; the label of a larger argument wins when two would read the same.
  found.sort((a, b) => b.members.length - a.members.length || a.members[0]! - b.members[0]!);
  const leftOver = new Set(unassigned);
  const ranked = rankLabelPhrases([
    ...found.map((f) => ({ members: f.members.map((i) => members[i]!.terms) })),
    { members: all.filter((m) => leftOver.has(m.passage.id)).map((m) => m.terms) },
  ]).slice(0, found.length);
  const representatives = found.map((f) => representativeOf(f.members, f.reviewed, members, similarity));
  const fallback = representatives.map((id) => openingWords(all.find((m) => m.passage.id === id)!.passage.text));
  const labels = distinctLabels(
    ranked,
    fallback,
    found.map((f) => f.reviewed?.label ?? null),
  );
  const args: Argument[] = found.map((f, k) => {
    const ids = f.members.map((i) => members[i]!.passage.id).sort();
    return {
      id: f.reviewed?.id ?? stableId('arg', subject, ...ids),
      label: labels[k]!,
      representative: representatives[k]!,
      passages: ids,
      reviewed: f.reviewed !== null,
    };
  });
  return { subject, arguments: args, unassigned: unassigned.sort() };
}

/**
 * Start groups: each reviewed argument with the passages reviewers put there (anchored), extended by their
 * near-duplicates; then the remaining near-duplicate groups. A union-find keeps every passage in one group.
 */
function seedGroups(
  members: readonly Member[],
  reviewed: readonly ReviewedArgument[],
  duplicateGroup: ReadonlyMap<string, number>,
): { seeds: number[][]; anchored: boolean[] } {
  const index = new Map(members.map((m, i) => [m.passage.id, i]));
  const owner = new Int32Array(members.length).fill(-1);
  reviewed.forEach((r, a) => {
    for (const id of r.pinned) {
      const i = index.get(id);
      if (i !== undefined && owner[i] === -1) owner[i] = a;
    }
  });
  const seeds: number[][] = reviewed.map(() => []);
  const anchored = reviewed.map(() => true);
  const byGroup = new Map<number, number[]>();
  members.forEach((m, i) => {
    const g = duplicateGroup.get(m.passage.id);
    if (g !== undefined) byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  });
  const groups = [...byGroup.values()];
  const grouped = new Uint8Array(members.length);
  for (const g of groups) {
    if (g.length < 2) continue;
    // A group touching a reviewed argument joins it; one touching two stays where the reviewers put each passage.
    const owners = new Set(g.map((i) => owner[i]!).filter((o) => o >= 0));
    if (owners.size > 1) continue;
    const [target] = owners;
    const seed = target !== undefined ? seeds[target]! : (seeds[seeds.push([]) - 1] as number[]);
    if (target === undefined) anchored.push(false);
    for (const i of g) if (!grouped[i]) ((grouped[i] = 1), seed.push(i));
  }
  owner.forEach((a, i) => {
    if (a >= 0 && !grouped[i]) ((grouped[i] = 1), seeds[a]!.push(i));
  });
  return { seeds, anchored };
}

/** The pinned passage if it is still a member, else the member most similar on average to the others. */
function representativeOf(
  cluster: readonly number[],
  reviewed: ReviewedArgument | null,
  members: readonly Member[],
  similarity: Float32Array,
): string {
  const ids = cluster.map((i) => members[i]!.passage.id);
  if (reviewed?.representative && ids.includes(reviewed.representative)) return reviewed.representative;
  const n = members.length;
  let best = cluster[0]!;
  let bestSum = -Infinity;
  for (const i of cluster) {
    let sum = 0;
    for (const j of cluster) sum += similarity[i * n + j]!;
    if (sum > bestSum + 1e-9) ((best = i), (bestSum = sum));
  }
  return members[best]!.passage.id;
}

function openingWords(text: string): string {
  const words = text.trim().split(/\s+/);
  return words.length > 8 ? `${words.slice(0, 8).join(' ')} …` : words.join(' ');
}

/**
 * Each text's unit vector in a latent space of the corpus's words and citations that occur in two texts or more
 * (phrases and one-off words only add noise there).
 */
function latentVectors(
  corpus: readonly ReadonlyMap<string, number>[],
  dimensions: number,
  wanted: number,
): Float64Array[] {
  const df = new Map<string, number>();
  for (const doc of corpus) for (const t of doc.keys()) if (!t.startsWith('b:')) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = corpus.map((doc) => new Map([...doc].filter(([t]) => (df.get(t) ?? 0) >= 2)));
  const space = termSpace(kept);
  const rows = kept.map((doc) => tfidfVector(doc, space));
  const mine = rows.slice(0, wanted);
  if (space.index.size === 0 || rows.length < 2) return mine.map(() => new Float64Array(0));
  const lsa = lsaSpace(rows, space.index.size, dimensions);
  return mine.map((r) => projectLsa(lsa, r));
}

/**
 * What every passage of an item says is not what sets one argument apart: under "Ausreisegewahrsam 28 Tage" nearly
 * every passage names the Gewahrsam. Terms are weighted once more by their rarity inside the subject (a second,
 * subject-level idf), and renormalised.
 */
function withinSubject(vectors: readonly SparseVector[]): SparseVector[] {
  const df = new Map<number, number>();
  for (const v of vectors) for (const t of v.indices) df.set(t, (df.get(t) ?? 0) + 1);
  const n = vectors.length;
  return vectors.map((v) => {
    const values = Float32Array.from(v.values, (w, k) => w * (Math.log((n + 1) / (df.get(v.indices[k]!)! + 1)) + 1));
    const norm = Math.hypot(...values);
    return { indices: v.indices, values: values.map((w) => (norm > 0 ? w / norm : 0)) };
  });
}

/** The same in the latent space: the subject's mean direction is removed before comparing. */
function centred(vectors: readonly Float64Array[]): Float64Array[] {
  const k = vectors[0]?.length ?? 0;
  const mean = new Float64Array(k);
  for (const v of vectors) for (let d = 0; d < k; d++) mean[d]! += v[d]! / vectors.length;
  return vectors.map((v) => {
    const c = v.map((x, d) => x - mean[d]!);
    const norm = Math.hypot(...c);
    return norm > 0 ? c.map((x) => x / norm) : c;
  });
}
