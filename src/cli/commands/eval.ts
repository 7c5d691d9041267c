import { loadEnv } from '../../config/env.ts';
import { loadPipeline } from '../../config/pipeline.ts';
import { createLogger } from '../../core/logger.ts';
import { classifyTexts } from '../../classify/classify-texts.ts';
import { evaluate, formatEvalReport } from '../../classify/evaluate.ts';
import { referenceResolution } from '../../classify/reference-resolution.ts';
import { predictorFor } from '../../classify/model/predict.ts';
import { modelFromFiles } from '../../training/model-source.ts';
import { readLabelledFile } from '../../training/read-labelled-file.ts';

export interface EvalOptions {
  pipeline?: string;
  gold: string;
  rulesOnly: boolean;
  json: boolean;
}

/**
 * Classifies the gold file's texts exactly as `classify` would (model trained from the pipeline's training file,
 * never from the gold file) and compares.
 */
export async function runEval(opts: EvalOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const env = loadEnv();
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  const gold = await readLabelledFile(opts.gold);
  const model = opts.rulesOnly
    ? null
    : predictorFor(await modelFromFiles(pipeline, createLogger(env.LOG_LEVEL)), pipeline.taxonomy);
  const predicted = classifyTexts(gold, pipeline.taxonomy, { reviewThreshold: pipeline.reviewThreshold, model });
  const report = evaluate(gold, predicted, {
    items: pipeline.taxonomy.items.map((i) => i.id),
    topics: pipeline.taxonomy.topics.map((t) => t.id),
  });
  const boilerplate = gold.filter((g) => g.boilerplate === true);
  const taggedBoilerplate = boilerplate.filter(
    (g) => (predicted.find((p) => p.id === g.id)?.items.length ?? 0) > 0,
  ).length;
  const references = referenceResolution(gold, predicted, pipeline.taxonomy);
  if (opts.json) {
    out.write(
      JSON.stringify({
        model: model?.version ?? 'rules-only',
        ...report,
        boilerplate: { passages: boilerplate.length, withItems: taggedBoilerplate },
        references,
      }) + '\n',
    );
    return 0;
  }
  out.write(formatEvalReport(report, `${opts.gold} (${model ? `rules + model ${model.version}` : 'rules only'})`));
  if (boilerplate.length > 0)
    out.write(`boilerplate passages given an item: ${taggedBoilerplate} of ${boilerplate.length}\n`);
  out.write(
    `explicit references resolved: ${references.resolved} of ${references.cited}` +
      (references.misresolved ? `; ${references.misresolved} citation(s) point at an item the gold labels lack` : '') +
      '\n',
  );
  return 0;
}
