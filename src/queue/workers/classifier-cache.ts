import type { Pipeline } from '../../config/pipeline.ts';
import type { Predictor } from '../../classify/model/predict.ts';
import { classifierModelFor } from '../../training/model-source.ts';
import type { WorkerContext } from '../worker-context.ts';

const current = new WeakMap<Pipeline, { trainedModelId: string | null; predictor: Promise<Predictor> }>();

/**
 * The classify stage's model, resolved once per process and pipeline instead of with two queries per job. It is
 * keyed by the newest trained model's id, which each job reads along with its input: a `ruecklauf train` is picked
 * up by the next job. Without a trained model the one from the pipeline's files is used; that depends only on the
 * files, which a running process does not reload.
 */
export function predictorForJob(
  ctx: Pick<WorkerContext, 'db' | 'logger'>,
  pipeline: Pipeline,
  trainedModelId: string | null,
): Promise<Predictor> {
  const cached = current.get(pipeline);
  if (cached?.trainedModelId === trainedModelId) return cached.predictor;
  const predictor = classifierModelFor(ctx.db, pipeline, { logger: ctx.logger });
  const entry = { trainedModelId, predictor };
  current.set(pipeline, entry);
  // A failed load is not kept, and neither is a model trained between the job's read and this lookup (its id
  // would then be cached under the older one's): the next job resolves again.
  const forget = () => {
    if (current.get(pipeline) === entry) current.delete(pipeline);
  };
  void predictor.then((p) => {
    if (trainedModelId !== null && p.version !== trainedModelId) forget();
  }, forget);
  return predictor;
}
