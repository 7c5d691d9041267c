/**
 * Agreement between the corpus's gold labels and an independent second labelling of some of its passages: how
 * consistent the labels are, and so the ceiling a classifier could reach on them. Prints the same figures as
 * `ruecklauf eval` (the second labelling in the place of the predictions), on the passages it covers.
 *
 *   npx tsx scripts/label-agreement.ts [--pipeline rueckfuehrung-2024] \
 *     --gold pipelines/rueckfuehrung-2024/training/dev.jsonl \
 *     --labels pipelines/rueckfuehrung-2024/training/agreement/dev-sample-200.jsonl
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadPipeline } from '../src/config/pipeline.ts';
import { evaluate, formatEvalReport } from '../src/classify/evaluate.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';

/** A second labelling: the labels only, keyed by the gold line's id. */
const SecondLabel = z.strictObject({
  id: z.string(),
  items: z.array(z.string()),
  topics: z.array(z.string()),
  stance: z.string(),
  boilerplate: z.boolean(),
});

const { values } = parseArgs({
  options: {
    pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
    gold: { type: 'string' },
    labels: { type: 'string' },
  },
});
if (!values.gold || !values.labels) throw new Error('usage: label-agreement.ts --gold FILE.jsonl --labels FILE.jsonl');

const pipeline = await loadPipeline('pipelines', values.pipeline);
const second = (await readFile(values.labels, 'utf8'))
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, i) => {
    const parsed = SecondLabel.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${values.labels}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  });
const covered = new Set(second.map((s) => s.id));
const gold = (await readLabelledFile(values.gold)).filter((g) => covered.has(g.id));
if (gold.length !== covered.size)
  throw new Error(`${covered.size - gold.length} labelled id(s) are not in ${values.gold}`);

const report = evaluate(gold, second, {
  items: pipeline.taxonomy.items.map((i) => i.id),
  topics: pipeline.taxonomy.topics.map((t) => t.id),
});
process.stdout.write(formatEvalReport(report, `${values.labels} against ${values.gold}`, 5));
const boilerplateAgreed = gold.filter(
  (g) => (g.boilerplate ?? false) === second.find((s) => s.id === g.id)?.boilerplate,
).length;
process.stdout.write(`boilerplate yes/no agreed: ${boilerplateAgreed} of ${gold.length}\n`);
