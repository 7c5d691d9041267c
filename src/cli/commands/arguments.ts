import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { groupArguments } from '../../arguments/group-arguments.ts';
import { evaluateArguments, type GoldPassage } from '../../arguments/evaluate-arguments.ts';
import type { ArgumentPassage } from '../../core/argument-types.ts';
import { loadEnv } from '../../config/env.ts';
import { loadPipeline } from '../../config/pipeline.ts';
import { ConfigError } from '../../core/errors.ts';
import { argumentGroupingOptions } from '../../training/argument-options.ts';
import { printArgumentsEvaluation } from './print-arguments-evaluation.ts';

const InputLine = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  text: z.string(),
  items: z.array(z.string()),
});

/**
 * JSONL statement passages `{"id","text","items"}` in, one line per item out:
 * `{"item","arguments":[{"id","label","representative","passages"}],"unassigned"}`. No database or Redis. Grouping
 * needs every passage of an item, so the input is read whole first; a bad line stops before anything is written.
 */
export async function runArguments(
  opts: { pipeline?: string },
  input: NodeJS.ReadableStream = process.stdin,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const env = loadEnv();
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  const known = new Set(pipeline.taxonomy.items.map((i) => i.id));
  const passages: ArgumentPassage[] = [];
  const seen = new Set<string>();
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    let parsed;
    try {
      parsed = InputLine.safeParse(JSON.parse(line));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) throw new ConfigError(`stdin line ${n}: expected JSON {"id","text","items":[…]}`);
    const unknown = parsed.data.items.find((i) => !known.has(i));
    if (unknown !== undefined)
      throw new ConfigError(`stdin line ${n}: unknown item "${unknown}" (not in ${pipeline.id}'s taxonomy)`);
    if (seen.has(parsed.data.id)) throw new ConfigError(`stdin line ${n}: id "${parsed.data.id}" occurs twice`);
    seen.add(parsed.data.id);
    passages.push({ id: parsed.data.id, text: parsed.data.text, subjects: parsed.data.items });
  }
  const present = new Set(passages.flatMap((p) => p.subjects));
  const subjects = pipeline.taxonomy.items.map((i) => i.id).filter((id) => present.has(id));
  const options = await argumentGroupingOptions(pipeline);
  for (const s of groupArguments(passages, { ...options, subjects })) {
    const line = {
      item: s.subject,
      arguments: s.arguments.map((a) => ({
        id: a.id,
        label: a.label,
        representative: a.representative,
        passages: a.passages,
      })),
      unassigned: s.unassigned,
    };
    if (!out.write(JSON.stringify(line) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
  }
  return 0;
}

const GoldLine = InputLine.extend({ argument: z.string().min(1).nullable() });

/** Reads hand-labelled passages: every line `{"id","text","items","argument"}`, argument null = fits nowhere. */
export async function readArgumentGold(files: readonly string[]): Promise<GoldPassage[]> {
  const out: GoldPassage[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed;
      try {
        parsed = GoldLine.safeParse(JSON.parse(line));
      } catch {
        parsed = null;
      }
      if (!parsed?.success || parsed.data.items.length === 0)
        throw new ConfigError(`${file}:${i + 1}: expected JSON {"id","text","items":[item, …],"argument":name|null}`);
      const d = parsed.data;
      out.push({ id: d.id, text: d.text, subjects: d.items, argument: d.argument });
    });
  }
  return out;
}

export async function runArgumentsEval(opts: { pipeline?: string; gold?: string[]; json: boolean }): Promise<number> {
  const env = loadEnv();
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  const dir = path.join(pipeline.dir, 'arguments-eval');
  const files =
    opts.gold && opts.gold.length > 0
      ? opts.gold
      : (await readdir(dir).catch(() => [] as string[]))
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => path.join(dir, f));
  if (files.length === 0) throw new ConfigError(`no gold files: pass --gold FILE or put *.jsonl into ${dir}`);
  const report = evaluateArguments(await readArgumentGold(files), await argumentGroupingOptions(pipeline));
  process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : printArgumentsEvaluation(report));
  return 0;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** arguments and arguments-eval, registered on the CLI in one call. */
export function registerArgumentCommands(program: Command): void {
  program
    .command('arguments')
    .description(
      'group statement passages, JSONL {"id","text","items"} on stdin, into arguments per item: one JSONL line per item on stdout; no database needed',
    )
    .option('--pipeline <id>', 'pipeline (consultation) whose taxonomy and training texts to use; default: $PIPELINE')
    .action(async (o: { pipeline?: string }) => {
      process.exitCode = await runArguments(o);
    });
  program
    .command('arguments-eval')
    .description(
      'score the argument grouping against hand-labelled passages (adjusted Rand index, V-measure) beside a keyword baseline',
    )
    .option('--pipeline <id>', 'pipeline; default: $PIPELINE')
    .option(
      '--gold <file>',
      'gold JSONL {"id","text","items","argument"} (repeatable); default: <pipeline>/arguments-eval/*.jsonl',
      collect,
    )
    .option('--json', 'print the report as JSON', false)
    .action(async (o: { pipeline?: string; gold?: string[]; json: boolean }) => {
      process.exitCode = await runArgumentsEval(o);
    });
}
