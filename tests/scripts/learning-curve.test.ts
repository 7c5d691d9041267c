import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fractions, formatPoint, learningCurve } from '../../scripts/learning-curve.ts';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { readLabelledFile } from '../../src/training/read-labelled-file.ts';
import { readCorpusExamples } from '../../src/training/train-pipeline-model.ts';

const pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');

describe('learning curve', () => {
  it('trains on nested seeded samples and scores each on dev, more data scoring better', async () => {
    const corpus = await readCorpusExamples(pipeline);
    // A slice of dev keeps this quick; small samples are enough to see the curve rise.
    const dev = (await readLabelledFile(path.join(pipeline.dir, 'training', 'dev.jsonl'))).slice(0, 300);
    const points = learningCurve(pipeline, corpus, dev, [0.03, 0.12], 11);
    expect(points.map((p) => p.examples)).toEqual([Math.round(corpus.length * 0.03), Math.round(corpus.length * 0.12)]);
    const [small, large] = points;
    expect(large?.dev.items).toBeGreaterThan(small?.dev.items ?? 1);
    for (const p of points) {
      for (const x of [p.dev.items, p.dev.topics, p.dev.stance, p.cv.items]) expect(x).toBeGreaterThan(0);
      expect(formatPoint(p)).toMatch(/^\s+\d+ {3}0\.\d{3} /);
    }
    // The same seed gives the same samples, hence the same figures.
    expect(learningCurve(pipeline, corpus, dev, [0.03], 11)[0]).toEqual({
      ...small,
      trainingMs: expect.any(Number) as number,
    });
  }, 120_000);

  it('refuses fractions outside (0, 1] with a message naming the option', () => {
    expect(Fractions.parse('0.5,1')).toEqual([0.5, 1]);
    for (const bad of ['0', '1.5', 'half', '0.5,']) expect(() => Fractions.parse(bad)).toThrow(/--fractions/);
  });
});
