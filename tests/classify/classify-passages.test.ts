import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { classifyPassages, type PassageTags } from '../../src/classify/classify-passages.ts';
import { expandNumbers } from '../../src/classify/references.ts';
import type { Passage, Taxonomy } from '../../src/core/types.ts';

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = (await loadPipeline('pipelines', 'rueckfuehrung-2024')).taxonomy;
});

const passage = (text: string, heading: string | null = null, boilerplate: string | null = null, seq = 0): Passage => ({
  seq,
  text,
  heading,
  boilerplate,
  page: null,
  start: 0,
  end: text.length,
});
const classify = (...ps: Passage[]): PassageTags[] =>
  classifyPassages(
    ps.map((p, seq) => ({ ...p, seq })),
    taxonomy,
    { reviewThreshold: 0.6 },
  );
const items = (t: PassageTags | undefined) => t?.items.map((i) => i.label) ?? [];

describe('explicit references', () => {
  it.each([
    ['Zu Nr. 7 der Anlage 1 ist anzumerken, dass Atteste zu spät kommen.', ['A1-ATTEST']],
    ['Anlage 2, Ziff. 3: Charterflüge fallen aus.', ['A2-CHARTER']],
    ['Zu Anlage 1 Nummern 2 und 7 verweisen wir auf unser Schreiben.', ['A1-GEWAHRSAM', 'A1-ATTEST']],
    ['Die Punkte 3 bis 5 der Anlage 1 betreffen uns nicht.', ['A1-ANWALT', 'A1-DURCHSUCHUNG', 'A1-IDENT']],
    ['zu 1.7: Die Reisefähigkeit wird zu selten geprüft.', ['A1-ATTEST']],
    ['Zu II. 4. Die Haftplätze reichen nicht.', ['A2-HAFTPLAETZE']],
    ['Zu 2.6 und 2.7: keine weiteren Hinweise.', ['A2-PERSONAL', 'A2-KOOP']],
    ['Zu Nr. 2 des RückFVG: Der Gewahrsam hilft.', ['E-GEWAHRSAM28']],
  ])('%s', (text, expected) => {
    const [t] = classify(passage(text));
    expect(items(t)).toEqual(expected);
    expect(t?.items[0]?.reason).toMatch(/^reference "/);
    expect(t?.items[0]?.confidence).toBe(0.95);
  });

  it('reads numbers from the taxonomy, not from code: a renumbered item is found under its new number', () => {
    const renumbered = {
      ...taxonomy,
      items: taxonomy.items.map((i) => (i.id === 'A1-ATTEST' ? { ...i, number: 99 } : i)),
    };
    const [t] = classifyPassages([passage('Zu Anlage 1 Nr. 99: Atteste.')], renumbered, { reviewThreshold: 0.6 });
    expect(items(t)).toEqual(['A1-ATTEST']);
  });

  it('carries the annex of a heading over to the passages under it, and "Nr. 7" to the annex in force', () => {
    const [a, b] = classify(
      passage('Die Frist ist zu kurz.', 'Zu Anlage 1 Nr. 2'),
      passage('Auch zu Nr. 7 haben wir Anmerkungen: Atteste kommen spät.', 'Zu Anlage 1 Nr. 2'),
    );
    expect(items(a)).toEqual(['A1-GEWAHRSAM']);
    expect(a?.items[0]?.reason).toBe('reference "Nr. 2" (heading)');
    expect(items(b)).toEqual(['A1-ATTEST']);
    expect(b?.items[0]?.confidence).toBe(0.75);
  });

  it('maps a numbered paragraph under an annex heading to the item of that number', () => {
    const [t] = classify(passage('7. Reisefähigkeit: Wir fordern eine gesetzliche Frist.', 'Zu Anlage 1'));
    expect(items(t)).toEqual(['A1-ATTEST']);
    expect(t?.items[0]?.reason).toBe('reference 7. under "Zu Anlage 1"');
  });

  it('does not read dates, amounts or paragraphs of law as item numbers', () => {
    const [t] = classify(passage('Am 17.9.2024 wurden nach § 62 AufenthG 12 Personen in Haft genommen.'));
    expect(t?.items.every((i) => i.reason.startsWith('keywords'))).toBe(true);
  });

  it('expands number lists and ranges', () => {
    expect(expandNumbers('2, 5 und 7')).toEqual([2, 5, 7]);
    expect(expandNumbers('3 bis 5')).toEqual([3, 4, 5]);
  });
});

describe('keywords, topics and stance', () => {
  it('finds items by keywords inside German compounds, with the keywords as the reason', () => {
    const [t] = classify(passage('Die Reiseunfähigkeit wird meist durch ein privatärztliches Attest behauptet.'));
    expect(items(t)).toEqual(['A1-ATTEST']);
    expect(t?.items[0]?.reason).toBe('keywords: reiseunfähigkeit, attest');
  });

  it('does not let "§ 62" match "§ 62b"', () => {
    const [t] = classify(passage('Der Gewahrsam nach § 62b AufenthG ist zu kurz.'));
    expect(t?.items.find((i) => i.label === 'A1-HAFT')).toBeUndefined();
  });

  it('gives exactly one stance with its cues', () => {
    const [a, b, c] = classify(
      passage('Diese Änderung lehnen wir entschieden ab.'),
      passage('Wir regen an, die Frist zu verlängern.'),
      passage('Fehlanzeige.'),
    );
    expect(a?.stance).toMatchObject({ label: 'ablehnung', reason: 'cues: lehnen * ab' });
    expect(b?.stance.label).toBe('vorschlag');
    expect(c?.stance.label).toBe('neutral');
    expect(c?.topics.map((x) => x.label)).toEqual(['X-FEHLANZEIGE']);
  });

  it('gives boilerplate no items, a neutral stance and no review flag', () => {
    const [t] = classify(passage('Mit freundlichen Grüßen, zu Anlage 1 Nr. 7', null, 'closing'));
    expect(t).toMatchObject({
      items: [],
      topics: [],
      stance: { label: 'neutral', reason: 'boilerplate: closing' },
      needsReview: false,
    });
  });

  it('flags passages whose tags are uncertain for review', () => {
    const [sure, unsure] = classify(
      passage('Zu Anlage 1 Nr. 7: Wir lehnen die Regelung ab.'),
      passage('Das sehen wir so.'),
    );
    expect(sure?.needsReview).toBe(false);
    expect(unsure?.needsReview).toBe(true);
  });
});
