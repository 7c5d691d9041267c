import type { TextClassification } from '../classify/classify-texts.ts';
import type { TrainingExample } from '../classify/training-example.ts';

export interface HeldOutFigures {
  items: number;
  topics: number;
  stance: number;
  /** The mean of the three: "not worse" compares this. */
  score: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Items and topics micro-F1 and stance accuracy of predictions against reviewer examples, each over the examples
 * whose reviewer decided that dimension (a reviewer who only set the stance says nothing about items).
 */
export function heldOutFigures(
  gold: readonly TrainingExample[],
  predicted: readonly Pick<TextClassification, 'items' | 'topics' | 'stance'>[],
): HeldOutFigures {
  const f1 = (dimension: 'items' | 'topics') => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const truth = g[dimension];
      if (!truth) return;
      const got = predicted[i]?.[dimension] ?? [];
      for (const label of got)
        if (truth.includes(label)) tp++;
        else fp++;
      for (const label of truth) if (!got.includes(label)) fn++;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
  const withStance = gold.map((g, i) => [g.stance, predicted[i]?.stance] as const).filter(([s]) => s !== undefined);
  const stance = withStance.length === 0 ? 0 : withStance.filter(([s, p]) => s === p).length / withStance.length;
  const items = f1('items');
  const topics = f1('topics');
  return {
    items: round(items),
    topics: round(topics),
    stance: round(stance),
    score: round((items + topics + stance) / 3),
  };
}
