/**
 * Extracts the synonym classes the classifier uses (`src/classify/thesaurus/synonym-classes.json`) from OpenThesaurus
 * (Debian package `openthesaurus-de-text`, LGPL 2.1; `apt-get install openthesaurus-de-text`). Only needed to
 * regenerate the table: the table is committed, so neither the runtime nor CI needs the package.
 *
 * The domain vocabulary is the stems of the pipeline's training corpus (`training/train.jsonl`) and taxonomy, the
 * text the model learns from: a synonym set is kept when at least one of its single-word members has a stem that
 * occurs in at least `--min-count` training passages, and then with all its single-word members, so a word the
 * corpus never used ("Rückschaffung") lands in the class of one it did ("Abschiebung"). Members are stored as the
 * features' own stems (folded, tokenised, stemmed exactly like `features.ts`), so inflected forms match. Sets with
 * more than `--max-size` members are too vague to help and are dropped, as are stems in more than `--max-classes`
 * sets (very ambiguous words). Nothing from dev, the held-out writers or the registers is read.
 *
 *   npx tsx scripts/synonym-classes.ts [--thesaurus /usr/share/openthesaurus-de/openthesaurus.txt]
 *     [--pipeline rueckfuehrung-2024] [--min-count 3] [--max-size 15] [--max-classes 8]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadPipeline } from '../src/config/pipeline.ts';
import { stemGerman, tokenizeGerman } from '../src/classify/natural-de.ts';
import { fold } from '../src/classify/normalize.ts';
import { taxonomyExamples } from '../src/classify/training-example.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

export const SYNONYM_TABLE = path.join('src', 'classify', 'thesaurus', 'synonym-classes.json');

/** A word's stem as features.ts makes it; null for multi-word entries and figures. */
export function entryStem(entry: string): string | null {
  const clean = entry.replace(/\([^)]*\)/g, ' ').trim();
  const words = tokenizeGerman(fold(clean))
    .flatMap((t) => t.split('-'))
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));
  if (words.length !== 1 || !words[0]) return null;
  return stemGerman(words[0]);
}

export interface ExtractOptions {
  minCount: number;
  maxSize: number;
  maxClasses: number;
}

/** Thesaurus lines ("a;b;c") and the domain's stem counts → classes named by their smallest member, members sorted. */
export function synonymClasses(
  thesaurus: string,
  domainCounts: ReadonlyMap<string, number>,
  opts: ExtractOptions,
): Record<string, string[]> {
  const sets: string[][] = [];
  for (const line of thesaurus.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const stems = [...new Set(line.split(';').flatMap((e) => entryStem(e) ?? []))].sort();
    if (stems.length < 2 || stems.length > opts.maxSize) continue;
    if (!stems.some((s) => (domainCounts.get(s) ?? 0) >= opts.minCount)) continue;
    sets.push(stems);
  }
  const membership = new Map<string, number>();
  for (const set of sets) for (const s of set) membership.set(s, (membership.get(s) ?? 0) + 1);
  const classes = new Map<string, string[]>();
  for (const set of sets) {
    const members = set.filter((s) => (membership.get(s) ?? 0) <= opts.maxClasses);
    if (members.length < 2) continue;
    const name = members[0] as string;
    const key = members.join(' ');
    // The same members twice (two senses listing the same words) are one class.
    if ([...classes.values()].length > 0 && classes.has(name) && classes.get(name)?.join(' ') === key) continue;
    let unique = name;
    for (let n = 2; classes.has(unique); n++) unique = `${name}${n}`;
    classes.set(unique, members);
  }
  return Object.fromEntries([...classes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      thesaurus: { type: 'string', default: '/usr/share/openthesaurus-de/openthesaurus.txt' },
      pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
      'min-count': { type: 'string', default: '3' },
      'max-size': { type: 'string', default: '15' },
      'max-classes': { type: 'string', default: '8' },
    },
  });
  const opts = z
    .object({
      thesaurus: z.string(),
      pipeline: z.string().min(1),
      'min-count': z.coerce.number().int().positive(),
      'max-size': z.coerce.number().int().min(2),
      'max-classes': z.coerce.number().int().positive(),
    })
    .parse(values);
  const thesaurus = await readFile(opts.thesaurus, 'utf8');
  const header = thesaurus.split('\n').filter((l) => l.startsWith('#'));
  const pipeline = await loadPipeline('pipelines', opts.pipeline);
  const texts = [
    ...(await readCorpusExamples(pipeline)).map((e) => e.text),
    ...taxonomyExamples(pipeline.taxonomy).map((e) => e.text),
  ];
  const counts = new Map<string, number>();
  for (const text of texts) {
    const stems = new Set(
      tokenizeGerman(fold(text))
        .flatMap((t) => t.split('-'))
        .filter((w) => w.length > 1 && !/^\d+$/.test(w))
        .map(stemGerman),
    );
    for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const classes = synonymClasses(thesaurus, counts, {
    minCount: opts['min-count'],
    maxSize: opts['max-size'],
    maxClasses: opts['max-classes'],
  });
  const table = {
    source: 'OpenThesaurus (www.openthesaurus.de), Debian package openthesaurus-de-text, file openthesaurus.txt',
    generated: header.find((l) => l.includes('generated'))?.replace(/^#\s*/, '') ?? 'unknown',
    copyright: 'Copyright (C) 2003-2014 Daniel Naber and the OpenThesaurus contributors',
    license:
      'GNU Lesser General Public License 2.1 or later (LGPL-2.1-or-later); derived data: the synonym sets ' +
      'restricted to the domain vocabulary, members as stems. See src/classify/thesaurus/OPENTHESAURUS-LICENSE.md',
    extraction: `npx tsx scripts/synonym-classes.ts --pipeline ${opts.pipeline} --min-count ${opts['min-count']} --max-size ${opts['max-size']} --max-classes ${opts['max-classes']}`,
    classes,
  };
  await writeFile(SYNONYM_TABLE, JSON.stringify(table, null, 0) + '\n');
  const members = Object.values(classes).reduce((n, c) => n + c.length, 0);
  process.stdout.write(
    `${SYNONYM_TABLE}: ${Object.keys(classes).length} classes, ${members} member stems, from ${texts.length} domain texts\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
