import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline, type Pipeline } from '../../src/config/pipeline.ts';
import { bestThreshold, fitPlatt } from '../../src/classify/model/calibration.ts';
import type { ClassifierModel } from '../../src/core/classifier-model.ts';
import { groupFactor } from '../../src/classify/model/group-factor.ts';
import { predictorFor } from '../../src/classify/model/predict.ts';
import { trainClassifierModel } from '../../src/classify/model/train-model.ts';
import { parseLabelledLines } from '../../src/training/read-labelled-file.ts';
import { modelFromFiles } from '../../src/training/model-source.ts';
import type { TrainingExample } from '../../src/classify/training-example.ts';

let pipeline: Pipeline;
let examples: TrainingExample[];
let model: ClassifierModel;
beforeAll(async () => {
  pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');
  const file = 'pipelines/rueckfuehrung-2024/training/train.jsonl';
  examples = parseLabelledLines(await readFile(file, 'utf8'), file);
  // The model trained from the pipeline's files, as classify uses it (from the file cache the global setup filled).
  model = await modelFromFiles(pipeline);
});

describe('trained model', () => {
  it('is deterministic: the same examples give the same model and version', () => {
    // A slice of the corpus keeps this cheap; determinism does not depend on how many examples there are.
    const train = () =>
      trainClassifierModel({ pipelineId: pipeline.id, taxonomy: pipeline.taxonomy, examples: examples.slice(0, 400) })
        .model;
    const [first, again] = [train(), train()];
    expect(again.version).toBe(first.version);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(first.version).toMatch(/^mdl_[0-9a-f]{32}$/);
  });

  it('weighs reviewer examples by the weights given and, when asked, fits the topic cut-off on them alone', () => {
    // The corpus slice stands for the files, the last 60 lines for imported reviewer examples.
    const input = {
      pipelineId: pipeline.id,
      taxonomy: pipeline.taxonomy,
      examples: examples.slice(0, 360),
      reviewerExamples: 60,
      reviewerWeights: [3],
    };
    const all = trainClassifierModel(input);
    const reviewers = trainClassifierModel({ ...input, topicCutsFrom: 'reviewers' });
    expect(all.metrics.reviewerWeight).toBe(3);
    expect(all.metrics.reviewerHeldOut?.map((r) => r.weight)).toEqual([3]);
    // Only the topic cut-off differs: the heads and every other cut-off are the same.
    expect(JSON.stringify(reviewers.model.items)).toBe(JSON.stringify(all.model.items));
    expect(JSON.stringify(reviewers.model.stance)).toBe(JSON.stringify(all.model.stance));
    expect(JSON.stringify(reviewers.model.topics)).not.toBe(JSON.stringify(all.model.topics));
  }, 120_000);

  it('chooses the reviewer weight per head: each head is the one its best weight alone would train', async () => {
    // Reviewer examples in registers the corpus lacks (bullet notes, reported speech), where the heads disagree.
    const foreign = await Promise.all(
      ['bullets', 'reported'].map(async (r) => {
        const file = `pipelines/rueckfuehrung-2024/registers/${r}.jsonl`;
        return parseLabelledLines(await readFile(file, 'utf8'), file).slice(0, 40);
      }),
    );
    const input = {
      pipelineId: pipeline.id,
      taxonomy: pipeline.taxonomy,
      examples: [...examples.slice(0, 400), ...foreign.flat()],
      reviewerExamples: 80,
    };
    const both = trainClassifierModel({ ...input, reviewerWeights: [1, 10] });
    const figures = both.metrics.reviewerHeldOut ?? [];
    expect(figures.map((r) => r.weight)).toEqual([1, 10]);
    // On a tie the smaller weight.
    const best = (k: 'items' | 'topics' | 'stance') => figures.reduce((a, r) => (r[k] > a[k] ? r : a)).weight;
    const chosen = { items: best('items'), topics: best('topics'), stance: best('stance') };
    expect(both.metrics.reviewerWeights).toEqual(chosen);
    // This slice makes the heads choose differently (stance ×10, the others ×1), so the per-head path is exercised.
    expect(new Set(Object.values(chosen)).size).toBeGreaterThan(1);
    expect(both.metrics.reviewerWeight).toBe(chosen.items);
    const alone = (w: number) => trainClassifierModel({ ...input, reviewerWeights: [w] }).model;
    const models = new Map([...new Set(Object.values(chosen))].map((w) => [w, alone(w)]));
    const of = (w: number) => models.get(w) as ClassifierModel;
    expect(JSON.stringify(both.model.items)).toBe(JSON.stringify(of(chosen.items).items));
    expect(JSON.stringify(both.model.topics)).toBe(JSON.stringify(of(chosen.topics).topics));
    expect(JSON.stringify(both.model.stance)).toBe(JSON.stringify(of(chosen.stance).stance));
  }, 180_000);

  it('survives serialisation: a stored model predicts what the trained one did', () => {
    const text = 'Die Reiseunfähigkeit wird regelmäßig durch kurzfristig vorgelegte privatärztliche Atteste behauptet.';
    const revived = JSON.parse(JSON.stringify(model)) as ClassifierModel;
    expect(predictorFor(revived, pipeline.taxonomy).predict(text)).toEqual(
      predictorFor(model, pipeline.taxonomy).predict(text),
    );
  });

  it('gives calibrated probabilities in [0,1], one stance distribution summing to 1', () => {
    const p = predictorFor(model, pipeline.taxonomy).predict('Wir lehnen die Verlängerung des Ausreisegewahrsams ab.');
    for (const v of [...p.items.values(), ...p.topics.values()]) expect(v).toBeGreaterThanOrEqual(0);
    expect([...p.stance.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect([...p.stance].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('ablehnung');
  });

  it('works on day one from the taxonomy alone (labels, descriptions, keywords as examples)', () => {
    const { model: dayOne, metrics } = trainClassifierModel({
      pipelineId: pipeline.id,
      taxonomy: pipeline.taxonomy,
      examples: [],
    });
    expect(metrics.folds).toBe(0);
    const p = predictorFor(dayOne, pipeline.taxonomy).predict(
      'Die Kirchengemeinde hat das Kirchenasyl gewährt, das Dossier kam zu spät.',
    );
    const best = [...p.items].sort((a, b) => b[1] - a[1])[0];
    expect(best?.[0]).toBe('A1-KIRCHENASYL');
  });

  it('scales each item by its group: an E passage loses its A1 twin, a model without a group head is unchanged', () => {
    const groups = model.items.groups;
    expect(groups?.labels).toEqual(['A1', 'A2', 'E']);
    expect(groups?.exponent).toBeGreaterThan(0); // chosen in cross-validation; 0 would mean the head did not help
    const text =
      'Seit Inkrafttreten des RückFVG haben wir die erweiterten Befugnisse zum Betreten der Unterkünfte zweimal genutzt.';
    const withGroups = predictorFor(model, pipeline.taxonomy).predict(text);
    const { groups: _dropped, ...itemsOnly } = model.items;
    const without = predictorFor({ ...model, items: itemsOnly }, pipeline.taxonomy).predict(text);
    const ratio = (label: string) => (withGroups.items.get(label) ?? 0) / (without.items.get(label) ?? 1);
    expect(ratio('E-BETRETEN')).toBeGreaterThan(0.95);
    expect(ratio('A1-DURCHSUCHUNG')).toBeLessThan(ratio('E-BETRETEN'));
  });

  it('does not predict labels the taxonomy no longer has', () => {
    const renamed = { ...pipeline.taxonomy, items: pipeline.taxonomy.items.filter((i) => i.id !== 'A1-KIRCHENASYL') };
    const p = predictorFor(model, renamed).predict('Kirchenasyl');
    expect(p.items.has('A1-KIRCHENASYL')).toBe(false);
  });
});

describe('groupFactor', () => {
  it('is 1 for the best group, the probability ratio to a power for the others, 1 outside every group', () => {
    expect(groupFactor([0.2, 0.8], 1, 0.5)).toBe(1);
    expect(groupFactor([0.2, 0.8], 0, 0.5)).toBeCloseTo(0.5);
    expect(groupFactor([0.2, 0.8], 0, 0)).toBe(1);
    expect(groupFactor([0.2, 0.8], -1, 2)).toBe(1);
  });
});

describe('calibration', () => {
  it('Platt scaling maps margins to probabilities that fit the held-out truth', () => {
    const margins = [-3, -2, -1, -0.5, 0.5, 1, 2, 3];
    const truth = [false, false, false, true, false, true, true, true];
    const { a, b } = fitPlatt(margins, truth);
    expect(a).toBeGreaterThan(0);
    expect(Math.abs(b)).toBeLessThan(1);
  });

  it('picks the threshold with the best F1', () => {
    expect(bestThreshold([0.9, 0.8, 0.35, 0.3, 0.2], [true, true, true, false, false])).toBeCloseTo(0.325, 2);
  });
});
