import type { Tag } from '../core/types.ts';
import type { ModelPrediction, Thresholds } from './model/predict.ts';
import { itemsToTag } from './model/items-to-tag.ts';
import { round } from './stance.ts';

/** What the rules found for a passage, before the model is heard. */
export interface RuleTags {
  items: Tag[];
  topics: Tag[];
  stance: Tag;
}

/** Next to a cited item another one needs more than the usual evidence: the author chose which numbers to cite. */
const EXTRA_ITEM_BESIDE_REFERENCE = 0.6;

/**
 * Rules and model together. Explicit references stay (the strongest signal, with their rule reason); every other
 * item and topic is the model's calibrated probability, which already weighs the keyword hits as features, so a
 * keyword alone no longer tags a passage but is named in the reason when it helped. The stance is the model's,
 * with the rule's cues quoted when they agree.
 */
export function combineTags(rules: RuleTags, prediction: ModelPrediction, thresholds: Thresholds): RuleTags {
  const references = rules.items.filter((t) => t.reason.startsWith('reference'));
  const cited = new Set(references.map((t) => t.label));
  const floor = (label: string, withEvidence: number, without: number) =>
    prediction.evidence.has(label) ? withEvidence : without;
  const itemFloor = (label: string) => {
    const base = floor(label, thresholds.item, thresholds.itemWithoutEvidence);
    return references.length > 0 ? Math.max(EXTRA_ITEM_BESIDE_REFERENCE, base) : base;
  };
  const labels = [...prediction.items.keys()];
  const chosen = itemsToTag(
    [...prediction.items.values()],
    (c) => (cited.has(labels[c] ?? '') ? Infinity : itemFloor(labels[c] ?? '')),
    {
      runnerUpShare: thresholds.itemRunnerUpShare,
      // A passage that cites items has them; the best-item fallback is for passages that would otherwise get none.
      bestItemFloor: references.length > 0 ? 1 : thresholds.itemBestFloor,
    },
  );
  const modelItems = chosen.map((c) =>
    modelTag('item', labels[c] ?? '', prediction.items.get(labels[c] ?? '') ?? 0, rules.items),
  );
  const topics = ranked(prediction.topics)
    .filter(([label, p]) => p >= floor(label, thresholds.topic, thresholds.topicWithoutEvidence))
    .map(([label, p]) => modelTag('topic', label, p, rules.topics));
  const [stanceLabel, stanceP] = ranked(prediction.stance)[0] ?? [rules.stance.label, rules.stance.confidence];
  const stance = modelTag('stance', stanceLabel, stanceP, [rules.stance]);
  return { items: [...references, ...modelItems], topics, stance };
}

const ranked = (scores: ReadonlyMap<string, number>): [string, number][] =>
  [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function modelTag(dimension: Tag['dimension'], label: string, p: number, ruleTags: readonly Tag[]): Tag {
  const rule = ruleTags.find((t) => t.label === label && !t.reason.startsWith('no '));
  const evidence = rule ? `${rule.reason}; ` : '';
  return { dimension, label, confidence: round(p), reason: `${evidence}model ${p.toFixed(2)}`, source: 'model' };
}
