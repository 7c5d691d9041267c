import { loadEnv } from '../../config/env.ts';
import { loadPipeline } from '../../config/pipeline.ts';
import { openStore } from '../../store/open-store.ts';
import { saveModel } from '../../store/models.ts';
import { describeCutOffs } from '../../classify/model/recalibrate.ts';
import { describeWeights } from '../../classify/model/reviewer-weight.ts';
import { trainPipelineModel } from '../../training/train-pipeline-model.ts';

const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** Retrains from the corpus and the reviewers' tags and stores the model as the pipeline's newest version. */
export async function runTrain(
  opts: { pipeline?: string },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const env = loadEnv();
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  const db = await openStore(env);
  try {
    out.write(`training ${pipeline.id}\n`);
    const { model, metrics } = await trainPipelineModel(pipeline, db, (stage, done, total) => {
      out.write(`  ${stage} ${done}/${total}\n`);
    });
    await saveModel(db, model, metrics);
    out.write(
      `examples: ${metrics.examples} (${metrics.reviewerExamples} from reviewers), features: ${metrics.features}, ${metrics.trainingMs} ms\n` +
        `cross-validated (${metrics.folds} folds): items micro-F1 ${f(metrics.itemsMicroF1)}, topics micro-F1 ${f(metrics.topicsMicroF1)}, stance accuracy ${f(metrics.stanceAccuracy)}\n` +
        (metrics.reviewerHeldOut
          ? `reviewer examples held out, per weight: ${metrics.reviewerHeldOut
              .map((r) => `×${r.weight} items ${f(r.items)} topics ${f(r.topics)} stance ${f(r.stance)}`)
              .join('; ')} → ${describeWeights(metrics)}\n`
          : '') +
        describeCutOffs(metrics.cutOffs)
          .map((l) => `${l}\n`)
          .join('') +
        `stored model ${model.version}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
