/**
 * Near-duplicate passages across replies. Counties often send their Land association's model statement with their
 * own name and figures in it, so two passages count as the same text when their word 3-shingles — after folding
 * case, umlauts and every number to "0" — overlap by a Jaccard similarity of at least the threshold. MinHash with
 * LSH banding finds the candidate pairs in near-linear time; each candidate is then verified on the exact shingle
 * sets, so a banding collision never makes a false pair. Pure and deterministic: same input, same groups.
 */

export interface NearDuplicateOptions {
  /** Words per shingle. 3 keeps "Landkreis Celle fordert" and "Landkreis Harburg fordert" mostly alike. */
  readonly shingleSize?: number;
  /** Minimum exact Jaccard similarity of two passages' shingle sets to count as near-duplicates. */
  readonly threshold?: number;
}

export interface TextItem {
  readonly id: string;
  readonly text: string;
}

export interface NearDuplicateMatch {
  readonly id: string;
  readonly similarity: number;
}

const DEFAULTS = { shingleSize: 3, threshold: 0.7 } as const;
/** 32 bands of 4 rows: a pair with Jaccard 0.7 becomes a candidate with probability 1 − (1 − 0.7⁴)³² ≈ 0.9999. */
const BANDS = 32;
const ROWS = 4;
const HASHES = BANDS * ROWS;

/** Word tokens for comparison: lower case, umlauts and ß spelled out, every digit run one "0". */
export function duplicateTokens(text: string): string[] {
  const folded = text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/\d+(?:[.,]\d+)*/g, '0');
  return folded.split(/[^\p{L}\p{N}§]+/u).filter((token) => token.length > 0);
}

/** The set of word k-shingles; a text shorter than k words is one shingle of all its words. */
export function shingleSet(text: string, shingleSize: number = DEFAULTS.shingleSize): Set<string> {
  const tokens = duplicateTokens(text);
  const shingles = new Set<string>();
  if (tokens.length === 0) return shingles;
  if (tokens.length <= shingleSize) {
    shingles.add(tokens.join(' '));
    return shingles;
  }
  for (let i = 0; i + shingleSize <= tokens.length; i++) shingles.add(tokens.slice(i, i + shingleSize).join(' '));
  return shingles;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / (a.size + b.size - shared);
}

/** FNV-1a over the UTF-16 code units: a stable 32-bit id per shingle. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's finaliser: mixes a shingle hash with one seed per MinHash function. */
function mix(value: number, seed: number): number {
  let h = (value ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => mix(i + 1, 0x9e3779b9));

export function minhashSignature(shingles: ReadonlySet<string>): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = hashString(shingle);
    for (let i = 0; i < HASHES; i++) {
      const value = mix(base, SEEDS[i] ?? 0);
      if (value < (signature[i] ?? 0)) signature[i] = value;
    }
  }
  return signature;
}

function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    keys.push(`${band}:${Array.from(signature.subarray(band * ROWS, band * ROWS + ROWS)).join(',')}`);
  }
  return keys;
}

interface Entry {
  readonly id: string;
  readonly shingles: Set<string>;
}

/**
 * An index of known passages (e.g. reviewer-confirmed ones) that answers "which of them is this text nearly the
 * same as?". Adding and querying are both proportional to the text's length plus the candidates it collides with.
 */
export class NearDuplicateIndex {
  private readonly entries: Entry[] = [];
  private readonly buckets = new Map<string, number[]>();
  private readonly shingleSize: number;
  private readonly threshold: number;

  constructor(options: NearDuplicateOptions = {}) {
    this.shingleSize = options.shingleSize ?? DEFAULTS.shingleSize;
    this.threshold = options.threshold ?? DEFAULTS.threshold;
  }

  get size(): number {
    return this.entries.length;
  }

  add(item: TextItem): void {
    this.addShingles(item.id, shingleSet(item.text, this.shingleSize));
  }

  /** Indexes a passage's shingles; returns its position, or -1 for a text without words (never a match). */
  addShingles(id: string, shingles: Set<string>): number {
    if (shingles.size === 0) return -1;
    const position = this.entries.push({ id, shingles }) - 1;
    for (const key of bandKeys(minhashSignature(shingles))) {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(position);
      else this.buckets.set(key, [position]);
    }
    return position;
  }

  /** Known passages at or above the threshold, most similar first (ties in insertion order). */
  query(text: string): NearDuplicateMatch[] {
    return this.candidatesOf(shingleSet(text, this.shingleSize)).map(({ position, similarity }) => ({
      id: this.entries[position]?.id ?? '',
      similarity,
    }));
  }

  /** Positions of indexed entries similar to these shingles, verified exactly. */
  candidatesOf(shingles: ReadonlySet<string>): { position: number; similarity: number }[] {
    if (shingles.size === 0) return [];
    const seen = new Set<number>();
    for (const key of bandKeys(minhashSignature(shingles))) {
      for (const position of this.buckets.get(key) ?? []) seen.add(position);
    }
    const matches: { position: number; similarity: number }[] = [];
    for (const position of [...seen].sort((a, b) => a - b)) {
      const entry = this.entries[position];
      if (!entry) continue;
      const similarity = jaccard(shingles, entry.shingles);
      if (similarity >= this.threshold) matches.push({ position, similarity });
    }
    return matches.sort((a, b) => b.similarity - a.similarity || a.position - b.position);
  }
}

/**
 * Groups of near-duplicate passages (two or more members each; a passage similar to none is in no group). A group
 * is a connected component of the "near-duplicate" relation, so A~B and B~C put A, B and C together. Members keep
 * the input order; groups are ordered by their first member.
 */
export function groupNearDuplicates(items: readonly TextItem[], options: NearDuplicateOptions = {}): string[][] {
  const index = new NearDuplicateIndex(options);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    while (parent[i] !== root) {
      const next = parent[i] ?? root;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const positionToItem: number[] = [];
  items.forEach((item, i) => {
    const shingles = shingleSet(item.text, options.shingleSize ?? DEFAULTS.shingleSize);
    for (const { position } of index.candidatesOf(shingles)) {
      const other = positionToItem[position];
      if (other === undefined) continue;
      const [a, b] = [find(i), find(other)];
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
    if (index.addShingles(item.id, shingles) >= 0) positionToItem.push(i);
  });
  const groups = new Map<number, string[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(item.id);
    else groups.set(root, [item.id]);
  });
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([, members]) => members);
}
