/**
 * Adds a batch of newly written, labelled passages to a pipeline's corpus: each line gets the next free id of the
 * split it lands in, and about a fifth of each label's new passages go to dev, deterministically (seeded), so dev
 * keeps its share and every item stays represented in it. Texts already in the corpus (ignoring case and spaces)
 * are skipped. Run scripts/check-corpus.ts afterwards (npm test does).
 *
 *   npx tsx scripts/add-corpus-batch.ts --pipeline rueckfuehrung-2024 --seed 20261125 batch-a.jsonl batch-b.jsonl
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seededRandom, shuffled } from '../src/classify/model/sparse.ts';

const BatchLine = z.strictObject({
  id: z.string(),
  text: z.string().min(1),
  items: z.array(z.string()),
  topics: z.array(z.string()),
  stance: z.string(),
  boilerplate: z.boolean(),
});
type BatchLine = z.infer<typeof BatchLine>;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
    'pipelines-dir': { type: 'string', default: 'pipelines' },
    seed: { type: 'string', default: '20261125' },
    'dev-share': { type: 'string', default: '0.2' },
  },
});
const dir = path.join(values['pipelines-dir'], values.pipeline, 'training');
const devShare = Number(values['dev-share']);
const normalise = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

const readLines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
const existing = {
  train: await readLines(path.join(dir, 'train.jsonl')),
  dev: await readLines(path.join(dir, 'dev.jsonl')),
};
const known = new Set(
  [...existing.train, ...existing.dev].map((l) => normalise((JSON.parse(l) as { text: string }).text)),
);

const batch: BatchLine[] = [];
for (const file of positionals) {
  (await readLines(file)).forEach((raw, i) => {
    const parsed = BatchLine.safeParse(JSON.parse(raw));
    if (!parsed.success)
      throw new Error(
        `${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    if (known.has(normalise(parsed.data.text)))
      return void process.stderr.write(`${file}:${i + 1}: already in the corpus, skipped\n`);
    known.add(normalise(parsed.data.text));
    batch.push(parsed.data);
  });
}

// Stratify by the passage's rarest-looking key: its first item, else its first topic, else boilerplate / neutral.
const keyOf = (l: BatchLine) => l.items[0] ?? (l.boilerplate ? 'boilerplate' : (l.topics[0] ?? l.stance));
const byKey = new Map<string, number[]>();
batch.forEach((l, i) => byKey.set(keyOf(l), [...(byKey.get(keyOf(l)) ?? []), i]));
const toDev = new Set<number>();
const random = seededRandom(Number(values.seed));
for (const key of [...byKey.keys()].sort()) {
  const members = byKey.get(key) ?? [];
  const order = shuffled(members.length, random).map((k) => members[k] as number);
  order.slice(0, Math.round(members.length * devShare)).forEach((i) => toDev.add(i));
}

const nextId = (lines: string[], prefix: string) => {
  const last = Math.max(0, ...lines.map((l) => Number(/-(\d+)$/.exec((JSON.parse(l) as { id: string }).id)?.[1] ?? 0)));
  let n = last;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
};
const trainId = nextId(existing.train, 'tr');
const devId = nextId(existing.dev, 'dev');
const added = { train: [] as string[], dev: [] as string[] };
batch.forEach((l, i) => {
  const split = toDev.has(i) ? 'dev' : 'train';
  const id = split === 'dev' ? devId() : trainId();
  added[split].push(
    JSON.stringify({
      id,
      text: l.text,
      items: l.items,
      topics: l.topics,
      stance: l.stance,
      boilerplate: l.boilerplate,
    }),
  );
});
for (const split of ['train', 'dev'] as const) {
  await writeFile(path.join(dir, `${split}.jsonl`), [...existing[split], ...added[split]].join('\n') + '\n');
}
process.stdout.write(
  `added ${batch.length} passages: ${added.train.length} to train.jsonl, ${added.dev.length} to dev.jsonl\n`,
);
