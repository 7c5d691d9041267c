/**
 * A trained model as data: the feature names it knows, a linear head per dimension and its calibration.
 * Serialised as JSON into the `models` table; `version` is what every tag it produced records.
 */
export interface ClassifierModel {
  format: 1;
  version: string;
  pipelineId: string;
  featureVersion: string;
  features: string[];
  /** Items, with a gate: a one-label head "does this passage address any item?" that must agree first; and a group
   * head whose probabilities scale each item's (models trained before it have none: the factor is then 1). */
  items: MultiLabelHead & { gate: MultiLabelHead; groups?: GroupHead };
  topics: MultiLabelHead;
  stance: SoftmaxHead;
  /** One label: the passage is a formality (greeting, letterhead, disclaimer) and gets no item or topic. */
  boilerplate: MultiLabelHead;
  /** Where the item, gate and topic cut-offs came from; absent when no reviewer example trained (all: the corpus). */
  cutOffs?: CutOffProvenance;
}

/** A head's cut-offs as the combiner applies them (items also: the gate, the group exponent, the best-item floor). */
export interface CutValues {
  threshold: number;
  withoutEvidence: number;
  runnerUpShare: number;
  gate?: number;
  groupExponent?: number;
  bestItemFloor?: number;
}

/** Where one head's cut-offs came from: the held-out reviewer examples (enough positives) or the corpus. */
export interface CutOffOrigin {
  source: 'reviewer' | 'corpus';
  /** Positive labels of this head among the held-out reviewer examples. */
  reviewerPositives: number;
  /**
   * F1 gained by cut-offs chosen on one half of the reviewer examples over the corpus's, on the other half, each way
   * (recalibrate.ts): the reviewers' cut-offs are used only when both are positive.
   */
  splitHalfGains?: [number, number];
  /** What the corpus's held-out examples chose, and what the model uses. */
  corpus: CutValues;
  chosen: CutValues;
}

export interface CutOffProvenance {
  minReviewerPositives: number;
  items: CutOffOrigin;
  topics: CutOffOrigin;
}

export interface MultiLabelHead {
  labels: string[];
  bias: number[];
  /** Per label, [feature index, weight] pairs; weights near zero are dropped. */
  weights: [number, number][][];
  /** Platt scaling p = σ(a·margin + b), fitted on cross-validated margins of all labels together. */
  platt: { a: number; b: number };
  /** Calibrated probability from which a label is tagged when its keywords occur: the best micro-F1 in cross-validation. */
  threshold: number;
  /** The same for a label whose keywords do not occur in the passage. */
  thresholdWithoutEvidence: number;
  /** A further label must reach this share of the passage's best label's probability (0: any number of labels). */
  runnerUpShare: number;
  /** Items only: when no item reaches its cut-off (and the gate is open), the best one is tagged from this
   * probability on, chosen in cross-validation (absent or 1: never). */
  bestItemFloor?: number;
}

/** Which group (annex) a passage's items belong to; an item's probability is multiplied by (its group's probability
 * / the best group's)^exponent, the exponent chosen in cross-validation (0: no effect). */
export type GroupHead = SoftmaxHead & { exponent: number };

export interface SoftmaxHead {
  labels: string[];
  bias: number[];
  weights: [number, number][][];
  /** Softmax temperature fitted on cross-validated predictions (1 = as trained). */
  temperature: number;
}

/** Figures measured while training (cross-validated on the training examples), stored beside the model. */
export interface TrainingMetrics {
  examples: number;
  reviewerExamples: number;
  features: number;
  folds: number;
  itemsMicroF1: number | null;
  topicsMicroF1: number | null;
  stanceAccuracy: number | null;
  trainingMs: number;
  /** How much a reviewer's or imported example counted (chosen in cross-validation when there were enough). */
  reviewerWeight?: number;
  /** Per head, the weight chosen in cross-validation (reviewerWeight is the items'). */
  reviewerWeights?: { items: number; topics: number; stance: number };
  /** Per weight tried, the held-out figures on the reviewer examples alone. */
  reviewerHeldOut?: { weight: number; items: number; topics: number; stance: number; score: number }[];
  /** Where the cut-offs came from (see ClassifierModel.cutOffs); absent without reviewer examples. */
  cutOffs?: CutOffProvenance;
}
