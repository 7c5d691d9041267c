import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { loadPipeline } from '../../config/pipeline.ts';
import { ConfigError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { classifyTexts } from '../../classify/classify-texts.ts';
import { chooseClassifier } from '../../training/choose-model.ts';
import { runEval, type EvalOptions } from './eval.ts';
import { runTrain } from './train.ts';

const InputLine = z.object({ id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

export interface ClassifyOptions {
  pipeline?: string;
  rulesOnly: boolean;
  /** files | latest | a model id; see chooseClassifier. */
  model?: string;
  memory?: boolean;
}

/**
 * JSONL in, JSONL out, no database or Redis: the model is trained in memory from the pipeline's files. stdout
 * carries nothing but result lines (logs go to stderr); a bad input line stops with its line number.
 */
export async function runClassify(
  opts: ClassifyOptions,
  input: NodeJS.ReadableStream = process.stdin,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  const { model, memory } = await chooseClassifier(env, pipeline, opts, logger);
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
    if (!parsed?.success) throw new ConfigError(`stdin line ${n}: expected JSON {"id","text"}`);
    const [result] = classifyTexts([parsed.data], pipeline.taxonomy, {
      reviewThreshold: pipeline.reviewThreshold,
      model,
      memory,
    });
    if (!out.write(JSON.stringify(result) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
  }
  return 0;
}

/** classify, train and eval: the classifier's commands, registered on the CLI in one call. */
export function registerClassifierCommands(program: Command): void {
  program
    .command('classify')
    .description(
      'classify JSONL {"id","text"} from stdin into JSONL {"id","items","topics","stance","confidence","reasons"} on stdout; no database needed',
    )
    .option('--pipeline <id>', 'pipeline (consultation) whose taxonomy and training data to use; default: $PIPELINE')
    .option('--rules-only', 'rules without the model (the baseline)', false)
    .option(
      '--model <model>',
      'files (trained from the pipeline files), latest (newest trained in the database) or a model id; default: latest when the configured database has one, else files',
    )
    .option('--memory', 'use the reviewer memory (reviewer-confirmed and imported passages) from the database')
    .option('--no-memory', 'do not use the reviewer memory (default: used whenever a database is read)')
    .action(async (o: ClassifyOptions) => {
      process.exitCode = await runClassify(o);
    });

  program
    .command('train')
    .description(
      "train the pipeline's model on its training examples and every reviewer-confirmed tag; store it as the newest version",
    )
    .option('--pipeline <id>', 'pipeline to train; default: $PIPELINE')
    .action(async (o: { pipeline?: string }) => {
      process.exitCode = await runTrain(o);
    });

  program
    .command('eval')
    .description(
      'classify a gold JSONL file {"id","text","items","topics","stance"} and print precision, recall and F1',
    )
    .option('--pipeline <id>', 'pipeline; default: $PIPELINE')
    .requiredOption('--gold <file>', 'gold JSONL, e.g. pipelines/<id>/training/dev.jsonl')
    .option('--rules-only', 'evaluate the rules without the model (the baseline)', false)
    .option('--json', 'print the report as JSON', false)
    .option(
      '--model <model>',
      'files (trained from the pipeline files), latest (newest trained in the database) or a model id; default: latest when the configured database has one, else files',
    )
    .option('--memory', 'use the reviewer memory (reviewer-confirmed and imported passages) from the database')
    .option('--no-memory', 'do not use the reviewer memory (default: used whenever a database is read)')
    .action(async (o: EvalOptions) => {
      process.exitCode = await runEval(o);
    });
}
