import { loadEnv } from '../../config/env.ts';
import { loadPipeline } from '../../config/pipeline.ts';
import { createLogger } from '../../core/logger.ts';
import { classifyTexts } from '../../classify/classify-texts.ts';
import { evaluate, formatEvalReport } from '../../classify/evaluate.ts';
import { referenceResolution } from '../../classify/reference-resolution.ts';
import { describeCutOffs } from '../../classify/model/recalibrate.ts';
import { chooseClassifier } from '../../training/choose-model.ts';
import { readLabelledFile } from '../../training/read-labelled-file.ts';

export interface EvalOptions {
  pipeline?: string;
  gold: string;
  rulesOnly: boolean;
  json: boolean;
  /** files | latest | a model id; see chooseClassifier. */
  model?: string;
  memory?: boolean;
}

/**
 * Classifies the gold file's texts exactly as `classify` would (the model chosen by --model, never trained on the gold
 * file unless someone imported it; the reviewer memory when a database is used) and compares.
 */
export async function runEval(opts: EvalOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const env = loadEnv();
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  const gold = await readLabelledFile(opts.gold);
  const { model, memory, describe } = await chooseClassifier(env, pipeline, opts, createLogger(env.LOG_LEVEL));
  const predicted = classifyTexts(gold, pipeline.taxonomy, {
    reviewThreshold: pipeline.reviewThreshold,
    model,
    memory,
  });
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
  const used = model ? `rules + model ${describe}` : 'rules only';
  out.write(
    formatEvalReport(report, `${opts.gold} (${used}${memory ? `, reviewer memory of ${memory.size} passages` : ''})`),
  );
  if (boilerplate.length > 0)
    out.write(`boilerplate passages given an item: ${taggedBoilerplate} of ${boilerplate.length}\n`);
  out.write(
    `explicit references resolved: ${references.resolved} of ${references.cited}` +
      (references.misresolved ? `; ${references.misresolved} citation(s) point at an item the gold labels lack` : '') +
      '\n',
  );
  if (model) out.write(describeCutOffs(model.cutOffs).join('\n') + '\n');
  return 0;
}
