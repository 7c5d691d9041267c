import { describe, expect, it } from 'vitest';
import type { HeldOut, LabelHeldOut } from '../../src/classify/model/cross-validation.ts';
import { chooseCut, chooseItemCuts } from '../../src/classify/model/cut-offs.ts';
import {
  carriesOver,
  describeCutOffs,
  heldOutSubset,
  MIN_REVIEWER_POSITIVES_FOR_CUTS,
  recalibrateOnReviewers,
} from '../../src/classify/model/recalibrate.ts';

const groups = { labels: ['A1'], ofItem: [0] };

/**
 * Held-out margins of one item and one topic: `corpus` examples that are positive from margin 0 on, then
 * `reviewers` examples (the last ones, as training orders them) whose reviewers only call a label from margin
 * `reviewerFrom` on — the consultation's reviewers are stricter than the corpus's writers (every other reviewer
 * example from `oddFrom` on, when given: reviewers who disagree among themselves).
 */
function heldOut(corpus: number, reviewers: number, reviewerFrom: number, oddFrom = reviewerFrom): HeldOut {
  const margins: number[] = [];
  const truth: boolean[] = [];
  for (let i = 0; i < corpus; i++) {
    const m = -4 + (8 * i) / corpus;
    margins.push(m);
    truth.push(m >= 0);
  }
  for (let i = 0; i < reviewers; i++) {
    const m = -1 + (5 * i) / reviewers;
    margins.push(m);
    truth.push(m >= (i % 2 === 0 ? reviewerFrom : oddFrom));
  }
  const n = margins.length;
  const head = (): LabelHeldOut => ({
    margins: [...margins],
    truth: [...truth],
    evidence: margins.map(() => true),
    perExample: 1,
  });
  const examples = Array.from({ length: n }, (_, i) => i);
  return {
    items: head(),
    gate: {
      margins: margins.map(() => 6),
      truth: margins.map(() => true),
      evidence: margins.map(() => true),
      perExample: 1,
    },
    groups: margins.map(() => [1]),
    formalities: margins.map(() => false),
    boilerplate: { margins: [], truth: [], evidence: [], perExample: 1 },
    topics: head(),
    stance: { logits: [], truth: [] },
    exampleOf: { items: examples, topics: examples, stance: [] },
  };
}

describe('recalibrating cut-offs on reviewer examples', () => {
  it('keeps only the rows of the chosen examples', () => {
    const oof = heldOut(100, 40, 2);
    const sub = heldOutSubset(oof, (e) => e >= 100);
    expect(sub.items.margins).toHaveLength(40);
    expect(sub.topics.truth.filter(Boolean)).toHaveLength(oof.topics.truth.slice(100).filter(Boolean).length);
    expect(sub.exampleOf.items[0]).toBe(100);
    expect(sub.groups).toHaveLength(40);
  });

  it('with enough reviewer positives, picks higher cut-offs where the reviewers are stricter', () => {
    const oof = heldOut(400, 120, 2);
    const corpus = { items: chooseItemCuts(oof, groups), topics: chooseCut(oof.topics).cut };
    const r = recalibrateOnReviewers(oof, 400, corpus, groups);
    expect(r.provenance.items.reviewerPositives).toBeGreaterThanOrEqual(MIN_REVIEWER_POSITIVES_FOR_CUTS);
    expect(r.provenance.items.source).toBe('reviewer');
    expect(r.provenance.topics.source).toBe('reviewer');
    // The corpus cuts near margin 0; the reviewers' labels begin at margin 2, so their cut-off is clearly higher.
    expect(r.topics.threshold).toBeGreaterThan(corpus.topics.threshold + 0.1);
    expect(r.itemCuts.items.threshold).toBeGreaterThan(corpus.items.items.threshold + 0.1);
    // The calibration itself is the corpus's: reviewers choose where to cut, not how margins map to probabilities.
    expect(r.topics.platt).toEqual(corpus.topics.platt);
    expect(r.provenance.topics.corpus.threshold).toBe(corpus.topics.threshold);
    expect(r.provenance.topics.chosen.threshold).toBe(r.topics.threshold);
    const lines = describeCutOffs(r.provenance);
    expect(r.provenance.items.splitHalfGains?.every((g) => g > 0)).toBe(true);
    expect(lines[0]).toMatch(
      /^cut-offs items: reviewers \(\d+ positives ≥ 30, split-half gains \+0\.\d{3}\/\+0\.\d{3}\): /,
    );
    expect(lines[1]).toMatch(/^cut-offs topics: reviewers/);
  });

  it('with too few reviewer positives, keeps the corpus cut-offs and says so', () => {
    const oof = heldOut(400, 30, 2); // about 12 reviewer positives
    const corpus = { items: chooseItemCuts(oof, groups), topics: chooseCut(oof.topics).cut };
    const r = recalibrateOnReviewers(oof, 400, corpus, groups);
    expect(r.provenance.items.reviewerPositives).toBeLessThan(MIN_REVIEWER_POSITIVES_FOR_CUTS);
    expect(r.provenance.items.source).toBe('corpus');
    expect(r.topics).toBe(corpus.topics);
    expect(r.itemCuts).toBe(corpus.items);
    expect(describeCutOffs(r.provenance)[1]).toMatch(/^cut-offs topics: corpus \(reviewer positives \d+ < 30\)/);
    expect(describeCutOffs(undefined)).toEqual(['cut-offs: chosen on the corpus (no reviewer examples)']);
  });

  it('keeps the corpus cut-offs when cut-offs chosen on one half of the reviewers lose on the other', () => {
    // Half the reviewers call a label from margin 2 on, the other half from −1 on: each half's cut-off fits itself
    // and misses the other by more than the corpus's cut-off at 0 does.
    const oof = heldOut(400, 160, 2, -1);
    const corpus = { items: chooseItemCuts(oof, groups), topics: chooseCut(oof.topics).cut };
    const r = recalibrateOnReviewers(oof, 400, corpus, groups);
    expect(r.provenance.topics.reviewerPositives).toBeGreaterThanOrEqual(MIN_REVIEWER_POSITIVES_FOR_CUTS);
    expect(r.provenance.topics.splitHalfGains?.some((g) => g <= 0)).toBe(true);
    expect(r.provenance.topics.source).toBe('corpus');
    expect(r.topics).toBe(corpus.topics);
    expect(r.provenance.items.source).toBe('corpus');
    expect(r.itemCuts).toBe(corpus.items);
    expect(describeCutOffs(r.provenance)[1]).toMatch(
      /^cut-offs topics: corpus \(reviewer cut-offs did not carry over between halves, split-half gains [−+]0\.\d{3}\/[−+]0\.\d{3}\)/,
    );
  });

  it('counts a split-half check as passed only when both halves gain', () => {
    expect(carriesOver([0.01, 0.002])).toBe(true);
    // A sum above zero is not enough: one half's loss is not offset by the other's gain.
    expect(carriesOver([0.012, -0.01])).toBe(false);
    expect(carriesOver([0, 0.05])).toBe(false);
  });
});
