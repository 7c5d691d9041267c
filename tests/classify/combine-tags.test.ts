import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline, type Pipeline } from '../../src/config/pipeline.ts';
import { classifyPassages, producedBy, CLASSIFIER_VERSION } from '../../src/classify/classify-passages.ts';
import { combineTags } from '../../src/classify/combine-tags.ts';
import type { Predictor } from '../../src/classify/model/predict.ts';
import { predictorFor } from '../../src/classify/model/predict.ts';
import { modelFromFiles } from '../../src/training/model-source.ts';
import type { Passage, Tag } from '../../src/core/types.ts';

let pipeline: Pipeline;
let model: Predictor;
beforeAll(async () => {
  pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');
  model = predictorFor(await modelFromFiles(pipeline), pipeline.taxonomy);
});

const tag = (dimension: Tag['dimension'], label: string, confidence: number, reason: string): Tag => ({
  dimension,
  label,
  confidence,
  reason,
  source: 'rule',
});
const passage = (text: string, heading: string | null = null, boilerplate: string | null = null): Passage => ({
  seq: 0,
  text,
  heading,
  boilerplate,
  page: null,
  start: 0,
  end: text.length,
});

describe('combineTags', () => {
  const prediction = {
    items: new Map([
      ['A1-ATTEST', 0.9],
      ['A2-MEDIZIN', 0.45],
      ['A1-HAFT', 0.2],
    ]),
    topics: new Map([
      ['X-BELASTUNG', 0.7],
      ['X-KOSTEN', 0.1],
    ]),
    stance: new Map([
      ['ablehnung', 0.71],
      ['neutral', 0.29],
    ]),
    boilerplate: 0.02,
    gate: 0.9,
    evidence: new Set(['A1-ATTEST']),
  };
  const thresholds = {
    itemRunnerUpShare: 0.4,
    itemBestFloor: 1,
    boilerplate: 0.5,
    gate: 0.5,
    item: 0.3,
    itemWithoutEvidence: 0.4,
    topic: 0.3,
    topicWithoutEvidence: 0.3,
  };

  it('keeps explicit references as rule tags and asks more of a model item beside them', () => {
    const rules = {
      items: [tag('item', 'A1-HAFT', 0.95, 'reference "Nr. 1 der Anlage 1"')],
      topics: [],
      stance: tag('stance', 'neutral', 0.4, 'no stance cue'),
    };
    const out = combineTags(rules, prediction, thresholds);
    expect(out.items.map((t) => [t.label, t.source])).toEqual([
      ['A1-HAFT', 'rule'],
      ['A1-ATTEST', 'model'],
    ]);
    expect(out.items[0]?.reason).toBe('reference "Nr. 1 der Anlage 1"');
  });

  it('asks more of an item whose keywords do not occur in the passage', () => {
    const rules = { items: [], topics: [], stance: tag('stance', 'neutral', 0.4, 'no stance cue') };
    const strict = { ...thresholds, itemWithoutEvidence: 0.5 };
    expect(combineTags(rules, prediction, strict).items.map((t) => t.label)).toEqual(['A1-ATTEST']);
  });

  it('names the keywords and the model probability in the reason', () => {
    const rules = {
      items: [tag('item', 'A1-ATTEST', 0.6, 'keywords: attest')],
      topics: [tag('topic', 'X-KOSTEN', 0.35, 'keywords: kosten')],
      stance: tag('stance', 'ablehnung', 0.6, 'cues: lehnen * ab'),
    };
    const out = combineTags(rules, prediction, thresholds);
    expect(out.items[0]).toEqual({
      dimension: 'item',
      label: 'A1-ATTEST',
      confidence: 0.9,
      reason: 'keywords: attest; model 0.90',
      source: 'model',
    });
    // A second item counts when it comes close enough to the first (0.45 against 0.9) and passes the cut-off for an
    // item without keyword evidence (0.4); A1-HAFT (0.2) does not.
    expect(out.items.map((t) => t.label)).toEqual(['A1-ATTEST', 'A2-MEDIZIN']);
    expect(out.topics.map((t) => t.label)).toEqual(['X-BELASTUNG']);
    expect(out.stance).toMatchObject({
      label: 'ablehnung',
      confidence: 0.71,
      reason: 'cues: lehnen * ab; model 0.71',
      source: 'model',
    });
  });

  it('tags the best item when none reaches its cut-off, from the floor on, and never beside a reference', () => {
    const doubtful = {
      ...prediction,
      items: new Map([
        ['A1-ATTEST', 0.22],
        ['A2-MEDIZIN', 0.12],
      ]),
    };
    const none = { items: [], topics: [], stance: tag('stance', 'neutral', 0.4, 'no stance cue') };
    expect(combineTags(none, doubtful, thresholds).items).toEqual([]);
    const out = combineTags(none, doubtful, { ...thresholds, itemBestFloor: 0.2 });
    expect(out.items.map((t) => [t.label, t.confidence])).toEqual([['A1-ATTEST', 0.22]]);
    expect(combineTags(none, doubtful, { ...thresholds, itemBestFloor: 0.25 }).items).toEqual([]);
    const cited = { ...none, items: [tag('item', 'A1-HAFT', 0.95, 'reference "Nr. 1 der Anlage 1"')] };
    expect(combineTags(cited, doubtful, { ...thresholds, itemBestFloor: 0.2 }).items.map((t) => t.label)).toEqual([
      'A1-HAFT',
    ]);
  });
});

describe('classifyPassages with a model', () => {
  const classify = (p: Passage) =>
    classifyPassages([p], pipeline.taxonomy, { reviewThreshold: pipeline.reviewThreshold, model })[0];

  it('still resolves explicit references first, with the rule as the reason', () => {
    const t = classify(
      passage('Zu Nr. 7 der Anlage 1 ist anzumerken, dass Atteste regelmäßig zu spät vorgelegt werden.'),
    );
    expect(t?.items[0]).toMatchObject({ label: 'A1-ATTEST', source: 'rule', confidence: 0.95 });
    expect(t?.items[0]?.reason).toMatch(/^reference "/);
  });

  it('tags an unreferenced passage from the model, with its probability as the reason', () => {
    const t = classify(
      passage('Die Kirchengemeinden melden uns Kirchenasylfälle oft erst nach Ablauf der Überstellungsfrist.'),
    );
    expect(t?.items.map((i) => i.label)).toContain('A1-KIRCHENASYL');
    const k = t?.items.find((i) => i.label === 'A1-KIRCHENASYL');
    expect(k?.source).toBe('model');
    expect(k?.reason).toMatch(/model [01]\.\d\d$/);
  });

  it('leaves boilerplate to the rules: no items, neutral', () => {
    const t = classify(passage('Mit freundlichen Grüßen, zu Anlage 1 Nr. 7', null, 'closing'));
    expect(t).toMatchObject({ items: [], topics: [], stance: { label: 'neutral', source: 'rule' } });
  });

  it('treats a formality extraction could not place as boilerplate, naming the model as the reason', () => {
    const t = classify(passage('Sehr geehrte Damen und Herren,'));
    expect(t).toMatchObject({ items: [], topics: [], stance: { label: 'neutral', source: 'rule' } });
    expect(t?.stance.reason).toMatch(/^boilerplate: model [01]\.\d\d$/);
    // The model's probability is the confidence, so the usual review rule decides whether a person looks.
    expect(t?.needsReview).toBe((t?.stance.confidence ?? 0) < pipeline.reviewThreshold);
    expect(t?.stance.confidence).toBeGreaterThan(0.9);
  });

  it("records the model version, or the rules' version without a model", () => {
    expect(producedBy(model)).toBe(model.version);
    expect(producedBy(null)).toBe(CLASSIFIER_VERSION);
  });
});
