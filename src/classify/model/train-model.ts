import { stableId } from '../../core/ids.ts';
import type { Taxonomy } from '../../core/types.ts';
import { FEATURE_VERSION } from '../features.ts';
import type { TrainingExample } from '../training-example.ts';
import type { ClassifierModel, TrainingMetrics } from '../../core/classifier-model.ts';
import { crossValidate, type LabelHeldOut, type Progress } from './cross-validation.ts';
import { chooseCut, chooseItemCuts, chooseTemperature } from './cut-offs.ts';
import { ANY_ITEM, BOILERPLATE, fitHeads, headLabels, type HeadLabels, type Heads } from './fit-heads.ts';
import { DEFAULT_LOGISTIC, type LogisticOptions } from './logistic.ts';
import { multiLabelHead, softmaxHead } from './serialise.ts';
import {
  MIN_REVIEWER_EXAMPLES_FOR_WEIGHT,
  REVIEWER_WEIGHTS,
  reviewerHeldOut,
  type ReviewerHeldOut,
} from './reviewer-weight.ts';
import { combine, MIN_REVIEWER_POSITIVES_FOR_CUTS, recalibrateItems, recalibrateTopics } from './recalibrate.ts';
import { trainingData, type TrainingData } from './training-data.ts';

/** Bumped whenever training changes what it produces from the same examples (heads, cut-off search): a model
 * cached for the same files under another trainer is then trained again. */
export const TRAINER_VERSION = 'trainer-5';

export interface TrainInput {
  pipelineId: string;
  taxonomy: Taxonomy;
  /** The pipeline's corpus and reviewer-confirmed passages, in a stable order. */
  examples: readonly TrainingExample[];
  reviewerExamples?: number;
  /** The reviewer weights cross-validation chooses from (default REVIEWER_WEIGHTS); one weight is used as given. */
  reviewerWeights?: readonly number[];
  /**
   * Where the topic cut-off (Platt scaler and thresholds) is chosen: on every held-out example (default) or, with
   * enough reviewer examples, on the held-out reviewer examples alone (an experiment of issue 17, see
   * docs/classifier.md).
   */
  topicCutsFrom?: 'all' | 'reviewers';
  folds?: number;
  options?: LogisticOptions;
  /** Called between stages, for a progress display. */
  onProgress?: Progress;
}

export interface TrainResult {
  model: ClassifierModel;
  metrics: TrainingMetrics;
}

/** Fewer labelled examples than this and cross-validation says nothing: the defaults stand. */
const MIN_EXAMPLES_FOR_CV = 40;

/**
 * Trains the item, topic and stance heads, deterministically: the same examples in the same order give the same
 * model, byte for byte, and hence the same version. Calibration and thresholds come from k-fold cross-validation
 * (cross-validation.ts, cut-offs.ts) on the labelled examples; the taxonomy's own examples are in every training
 * fold. Serialisation (serialise.ts) happens once, with the chosen cut-offs.
 */
export function trainClassifierModel(input: TrainInput): TrainResult {
  const started = performance.now();
  const opts = input.options ?? DEFAULT_LOGISTIC;
  const folds = input.folds ?? 5;
  const data = trainingData(input.taxonomy, input.examples);
  const labels = headLabels(input.taxonomy);
  const progress = input.onProgress ?? (() => undefined);

  const cv = data.labelledCount >= MIN_EXAMPLES_FOR_CV && folds > 1;
  const reviewerCount = input.reviewerExamples ?? 0;
  const weighing = cv && reviewerCount >= MIN_REVIEWER_EXAMPLES_FOR_WEIGHT;
  // Reviewer examples are the last labelled ones; without enough of them, a single run at weight 1 (as before).
  const runs = (weighing ? (input.reviewerWeights ?? REVIEWER_WEIGHTS) : [1]).map((weight) => {
    const weighted = weight === 1 ? data : withReviewerWeight(data, reviewerCount, weight);
    const stage = weighing ? `cross-validation (reviewer weight ${weight})` : 'cross-validation';
    const oof = cv ? crossValidate(weighted, labels, folds, opts, progress, stage) : null;
    const itemCuts = chooseItemCuts(oof, labels.groups);
    const reviewersFrom = data.labelledCount - reviewerCount;
    const topics =
      input.topicCutsFrom === 'reviewers' && weighing && oof
        ? chooseCut(heldOutRows(oof.topics, oof.exampleOf.topics, (example) => example >= reviewersFrom))
        : chooseCut(oof?.topics ?? null);
    const onReviewers =
      weighing && oof
        ? reviewerHeldOut(
            oof,
            data.labelledCount - reviewerCount,
            { items: itemCuts, topics: topics.cut },
            labels.groups,
            weight,
          )
        : null;
    return { weight, data: weighted, oof, itemCuts, topics, onReviewers };
  });
  // Per head, the weight with the best held-out figure on the reviewer examples (on a tie the smaller weight): in
  // cross-validation on imported registers, topics gained from a weight that cost items (docs/classifier.md).
  const best = (figure: (r: ReviewerHeldOut) => number) =>
    runs.reduce((a, r) =>
      (r.onReviewers ? figure(r.onReviewers) : 0) > (a.onReviewers ? figure(a.onReviewers) : 0) ? r : a,
    );
  const forItems = best((r) => r.items);
  const forTopics = best((r) => r.topics);
  const forStance = best((r) => r.stance);
  // With reviewer examples held out, cut-offs are chosen on them where a head has enough positives (recalibrate.ts).
  const reviewersFrom = data.labelledCount - reviewerCount;
  const recalibrated =
    forItems.oof && forTopics.oof && reviewerCount > 0
      ? combine(
          MIN_REVIEWER_POSITIVES_FOR_CUTS,
          recalibrateItems(forItems.oof, reviewersFrom, forItems.itemCuts, labels.groups),
          recalibrateTopics(forTopics.oof, reviewersFrom, forTopics.topics.cut),
        )
      : null;
  const itemCuts = recalibrated?.itemCuts ?? forItems.itemCuts;
  const topics = { cut: recalibrated?.topics ?? forTopics.topics.cut, f1: forTopics.topics.f1 };
  const final = finalHeads(labels, opts, progress, {
    items: forItems.data,
    topics: forTopics.data,
    stance: forStance.data,
  });

  const boilerplate = chooseCut(forItems.oof?.boilerplate ?? null);
  const stance = chooseTemperature(forStance.oof?.stance ?? null);
  const body = {
    format: 1 as const,
    pipelineId: input.pipelineId,
    featureVersion: FEATURE_VERSION,
    features: data.features,
    items: {
      ...multiLabelHead(labels.items, final.items, itemCuts.items),
      gate: multiLabelHead([ANY_ITEM], [final.gate], itemCuts.gate),
      groups: { ...softmaxHead(labels.groups.labels, final.groups, data.dims, 1), exponent: itemCuts.groupExponent },
    },
    topics: multiLabelHead(labels.topics, final.topics, topics.cut),
    stance: softmaxHead(labels.stances, final.stance, data.dims, stance.temperature),
    boilerplate: multiLabelHead([BOILERPLATE], [final.boilerplate], boilerplate.cut),
    ...(recalibrated ? { cutOffs: recalibrated.provenance } : {}),
  };
  const model: ClassifierModel = { ...body, version: stableId('mdl', JSON.stringify(body)) };
  const metrics: TrainingMetrics = {
    examples: data.labelledCount,
    reviewerExamples: input.reviewerExamples ?? 0,
    features: data.dims,
    folds: cv ? folds : 0,
    // The corpus-wide held-out F1 (recalibrated cut-offs are scored on the reviewer examples alone).
    itemsMicroF1: forItems.itemCuts.f1,
    topicsMicroF1: topics.f1,
    stanceAccuracy: stance.accuracy,
    trainingMs: Math.round(performance.now() - started),
    ...(weighing
      ? {
          reviewerWeight: forItems.weight,
          reviewerWeights: { items: forItems.weight, topics: forTopics.weight, stance: forStance.weight },
          reviewerHeldOut: runs.flatMap((r) => (r.onReviewers ? [r.onReviewers] : [])),
        }
      : {}),
    ...(recalibrated ? { cutOffs: recalibrated.provenance } : {}),
  };
  return { model, metrics };
}

/**
 * The heads trained on every example, each on the data weighted as its head chose: one fit per distinct weight
 * (items, the gate, the annex groups and the boilerplate head go with the items' weight).
 */
function finalHeads(
  labels: HeadLabels,
  opts: LogisticOptions,
  progress: Progress,
  data: { items: TrainingData; topics: TrainingData; stance: TrainingData },
): Heads {
  const distinct = [...new Set([data.items, data.topics, data.stance])];
  const all = Array.from({ length: data.items.rows.length }, (_, i) => i);
  const fits = new Map<TrainingData, Heads>();
  distinct.forEach((d, i) => {
    progress('final model', i, distinct.length);
    fits.set(d, fitHeads(d, all, labels, opts));
  });
  progress('final model', distinct.length, distinct.length);
  const of = (d: TrainingData) => fits.get(d) as Heads;
  return { ...of(data.items), topics: of(data.topics).topics, stance: of(data.stance).stance };
}

/** A head's held-out decisions restricted to the rows whose example passes `keep`. */
function heldOutRows(heldOut: LabelHeldOut, exampleOf: readonly number[], keep: (example: number) => boolean) {
  const out: LabelHeldOut = { margins: [], truth: [], evidence: [], perExample: heldOut.perExample };
  exampleOf.forEach((example, row) => {
    if (!keep(example)) return;
    for (let c = 0; c < heldOut.perExample; c++) {
      const k = row * heldOut.perExample + c;
      out.margins.push(heldOut.margins[k] ?? 0);
      out.truth.push(heldOut.truth[k] === true);
      out.evidence.push(heldOut.evidence[k] === true);
    }
  });
  return out;
}

/** The same rows with the last `count` labelled examples (the reviewers' and imports') weighted. */
function withReviewerWeight(data: TrainingData, count: number, weight: number): TrainingData {
  const from = data.labelledCount - count;
  return {
    ...data,
    examples: data.examples.map((e, i) => (i >= from && i < data.labelledCount ? { ...e, weight } : e)),
  };
}
