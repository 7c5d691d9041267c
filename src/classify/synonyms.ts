import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * Synonym classes from OpenThesaurus (LGPL 2.1, www.openthesaurus.de; `thesaurus/OPENTHESAURUS-LICENSE.md`), restricted
 * to the domain vocabulary and stored as the features' own stems by `scripts/synonym-classes.ts`. A word the corpus
 * never used ("Rückschaffung") shares a class feature with one it did ("Abschiebung"), so phrasing the training
 * writers did not use still reaches weights the model learned.
 */
const SynonymTable = z.object({
  source: z.string(),
  license: z.string(),
  classes: z.record(z.string(), z.array(z.string())),
});

const require = createRequire(import.meta.url);

let byStem: Map<string, readonly string[]> | null = null;

/** Stem → the names of its synonym classes (none for most stems). */
export function synonymClassesOf(stem: string): readonly string[] {
  if (!byStem) {
    const table = SynonymTable.parse(require('./thesaurus/synonym-classes.json'));
    const built = new Map<string, string[]>();
    for (const [name, members] of Object.entries(table.classes))
      for (const m of members) built.set(m, [...(built.get(m) ?? []), name]);
    byStem = built;
  }
  return byStem.get(stem) ?? [];
}
