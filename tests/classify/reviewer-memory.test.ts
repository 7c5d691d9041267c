import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { classifyTexts } from '../../src/classify/classify-texts.ts';
import { memoryWithout, reviewerMemory } from '../../src/classify/reviewer-memory.ts';

const { taxonomy, reviewThreshold } = await loadPipeline('pipelines', 'rueckfuehrung-2024');

const MODEL_STATEMENT =
  'Der Landkreis Celle hat im Jahr 2023 insgesamt 14 Abschiebungen vorbereitet, von denen 9 an fehlenden Reisedokumenten scheiterten; die Zusammenarbeit mit der Botschaft bleibt schwierig.';
const memory = reviewerMemory([
  {
    ref: 'gold.jsonl line 3 (a)',
    text: 'Ganz anderer Text über Kosten der Unterbringung.',
    items: [],
    topics: ['X-KOSTEN'],
  },
  { ref: 'passage psg_1 "Der Landkreis Celle…"', text: MODEL_STATEMENT, items: ['A2-PEP'], stance: 'erfahrung' },
]);

describe('reviewer memory', () => {
  it('gives a passage that repeats a remembered one its tags, source memory, naming the passage', () => {
    const [r] = classifyTexts([{ id: '1', text: MODEL_STATEMENT }], taxonomy, { reviewThreshold, model: null, memory });
    expect(r?.items).toEqual(['A2-PEP']);
    expect(r?.stance).toBe('erfahrung');
    expect(r?.confidence['A2-PEP']).toBe(1);
    expect(r?.reasons).toContain('A2-PEP: memory: same as passage psg_1 "Der Landkreis Celle…"');
  });

  it('recognises a copy with another name and other figures, at its similarity', () => {
    const copy = MODEL_STATEMENT.replace('Celle', 'Harburg').replace('14', '21').replace('9', '12');
    const recalled = memory.recall(copy);
    expect(recalled?.passage.ref).toBe('passage psg_1 "Der Landkreis Celle…"');
    expect(recalled?.similarity).toBeGreaterThanOrEqual(0.7);
    expect(recalled?.similarity).toBeLessThan(1);
    const [r] = classifyTexts([{ id: '1', text: copy }], taxonomy, { reviewThreshold, model: null, memory });
    expect(r?.items).toEqual(['A2-PEP']);
    expect(r?.reasons[0]).toMatch(/^A2-PEP: memory: \d+ % like passage psg_1/);
  });

  it('keeps the machine tags on dimensions the remembered passage leaves open', () => {
    const rules = classifyTexts([{ id: '1', text: MODEL_STATEMENT }], taxonomy, { reviewThreshold, model: null });
    const [r] = classifyTexts([{ id: '1', text: MODEL_STATEMENT }], taxonomy, { reviewThreshold, model: null, memory });
    expect(r?.topics).toEqual(rules[0]?.topics);
  });

  it('leaves other passages alone', () => {
    const text = 'Die Kommunikation mit der Bundespolizei am Flughafen funktioniert reibungslos und ohne Verzögerung.';
    expect(memory.recall(text)).toBeNull();
    const withMemory = classifyTexts([{ id: '1', text }], taxonomy, { reviewThreshold, model: null, memory });
    expect(withMemory).toEqual(classifyTexts([{ id: '1', text }], taxonomy, { reviewThreshold, model: null }));
  });

  it("does not recall a reply's own reviewed passage when that reply is classified again", () => {
    const own = reviewerMemory([
      { ref: 'passage psg_1', passageId: 'psg_1', text: MODEL_STATEMENT, items: ['A2-PEP'] },
    ]);
    expect(own.recall(MODEL_STATEMENT)?.passage.ref).toBe('passage psg_1');
    expect(memoryWithout(own, new Set(['psg_1'])).recall(MODEL_STATEMENT)).toBeNull();
    expect(memoryWithout(own, new Set(['psg_2'])).recall(MODEL_STATEMENT)?.passage.ref).toBe('passage psg_1');
  });

  it('lets the newest of equally similar passages win (a reviewer over an earlier import)', () => {
    const both = reviewerMemory([
      { ref: 'import', text: MODEL_STATEMENT, items: ['A1-HAFT'] },
      { ref: 'reviewer', text: MODEL_STATEMENT, items: ['A2-PEP'] },
    ]);
    expect(both.recall(MODEL_STATEMENT)?.passage.ref).toBe('reviewer');
  });
});
