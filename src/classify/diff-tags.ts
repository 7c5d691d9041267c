/** What a reprocess would change: per label, how many passages gain it and how many lose it. */
export interface TagChange {
  label: string;
  added: number;
  removed: number;
}

/** Compares (passage key, label) pairs before and after; keys are passage ids, so moved text is not a change. */
export function diffTags(
  before: ReadonlyArray<readonly [string, string]>,
  after: ReadonlyArray<readonly [string, string]>,
): TagChange[] {
  const key = ([p, l]: readonly [string, string]) => `${p}\u0000${l}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const changes = new Map<string, TagChange>();
  const bump = (label: string, field: 'added' | 'removed') => {
    const c = changes.get(label) ?? { label, added: 0, removed: 0 };
    c[field] += 1;
    changes.set(label, c);
  };
  for (const pair of after) if (!beforeKeys.has(key(pair))) bump(pair[1], 'added');
  for (const pair of before) if (!afterKeys.has(key(pair))) bump(pair[1], 'removed');
  return [...changes.values()].sort((a, b) => a.label.localeCompare(b.label));
}
