import { describe, expect, it } from 'vitest';
import {
  boilerplateInstructiveness,
  examplesPerItem,
  gateUncertainty,
  instructiveness,
  instructiveReason,
  rarityWeight,
  rememberedInstructiveness,
} from '../../src/classify/instructive.ts';

const labels = {
  item: (id: string) => ({ 'A1-HAFT': '1.3', 'A1-GEWAHRSAM': '1.4', 'A2-PEP': '2.1' })[id] ?? id,
  stance: (id: string) => ({ ablehnung: 'Ablehnung', zustimmung: 'Zustimmung', neutral: 'neutral' })[id] ?? id,
};

const prediction = (items: [string, number][], stance: [string, number][], gate = 0.95) => ({
  items: new Map(items),
  stance: new Map(stance),
  gate,
});
const clearStance: [string, number][] = [
  ['zustimmung', 0.9],
  ['ablehnung', 0.05],
  ['neutral', 0.05],
];

describe('instructiveness (active learning order)', () => {
  it('a near tie between the two best items is uncertain; a clear best item is not', () => {
    const counts = new Map([
      ['A1-HAFT', 2],
      ['A1-GEWAHRSAM', 40],
    ]);
    const tie = instructiveness(
      prediction(
        [
          ['A1-HAFT', 0.48],
          ['A1-GEWAHRSAM', 0.44],
          ['A2-PEP', 0.02],
        ],
        clearStance,
      ),
      0.5,
      counts,
    );
    expect(tie.kind).toBe('items');
    expect(tie.items).toEqual({ best: 'A1-HAFT', second: 'A1-GEWAHRSAM', margin: 0.04 });
    expect(tie.uncertainty).toBeCloseTo(0.96, 5);
    // The rarer of the two (2 examples against 40) sets the weight: 1 + 1/√3.
    expect(tie.rare).toEqual({ item: 'A1-HAFT', examples: 2 });
    expect(tie.weight).toBeCloseTo(1 + 1 / Math.sqrt(3), 4);
    expect(tie.score).toBeCloseTo(0.96 * (1 + 1 / Math.sqrt(3)), 3);
    expect(instructiveReason(tie, labels)).toBe(
      'Unsicher zwischen 1.3 und 1.4 (Abstand 0,04); 1.3 hat erst 2 geprüfte Beispiele',
    );

    const clear = instructiveness(
      prediction(
        [
          ['A1-HAFT', 0.95],
          ['A1-GEWAHRSAM', 0.03],
        ],
        clearStance,
      ),
      0.5,
      counts,
    );
    expect(clear.score).toBeLessThan(tie.score / 3);
  });

  it('the same uncertainty counts more for an item with fewer reviewer examples', () => {
    const p = prediction(
      [
        ['A2-PEP', 0.5],
        ['A1-HAFT', 0.4],
      ],
      clearStance,
    );
    const unseen = instructiveness(p, 0.5, new Map());
    const taught = instructiveness(
      p,
      0.5,
      new Map([
        ['A2-PEP', 80],
        ['A1-HAFT', 80],
      ]),
    );
    expect(unseen.uncertainty).toBe(taught.uncertainty);
    expect(unseen.weight).toBe(2);
    expect(taught.weight).toBeCloseTo(1 + 1 / 9, 4);
    expect(unseen.score).toBeGreaterThan(taught.score * 1.7);
    expect(instructiveReason(unseen, labels)).toMatch(/; 2\.1 hat noch kein geprüftes Beispiel$/);
    expect(instructiveReason(taught, labels)).toMatch(/; 2\.1 hat 80 geprüfte Beispiele$/);
  });

  it('the gate near its cut-off and a stance near a tie are uncertain too', () => {
    expect(gateUncertainty(0.6, 0.6)).toBe(1);
    expect(gateUncertainty(1, 0.6)).toBe(0);
    expect(gateUncertainty(0, 0.6)).toBe(0);
    expect(gateUncertainty(0.8, 0.6)).toBeCloseTo(0.5, 5);
    // Gate closed (no items) but just below its cut-off.
    const gate = instructiveness(prediction([], clearStance, 0.58), 0.6, new Map());
    expect(gate.kind).toBe('gate');
    expect(gate.items).toBeNull();
    expect(gate.rare).toBeNull();
    expect(gate.weight).toBe(1);
    expect(instructiveReason(gate, labels)).toBe(
      'Grenzfall, ob überhaupt eine Nummer angesprochen ist (0,58 bei Schwelle 0,60)',
    );
    const stance = instructiveness(
      prediction(
        [['A1-HAFT', 0.9]],
        [
          ['ablehnung', 0.46],
          ['zustimmung', 0.44],
          ['neutral', 0.1],
        ],
      ),
      0.5,
      new Map([['A1-HAFT', 0]]),
    );
    expect(stance.kind).toBe('stance');
    expect(stance.stance).toEqual({ best: 'ablehnung', second: 'zustimmung', margin: 0.02 });
    expect(instructiveReason(stance, labels)).toBe(
      'Haltung unklar zwischen Ablehnung und Zustimmung (Abstand 0,02); 1.3 hat noch kein geprüftes Beispiel',
    );
  });

  it('a passage citing its items has no item or gate uncertainty', () => {
    const cited = instructiveness(
      prediction(
        [
          ['A1-HAFT', 0.5],
          ['A1-GEWAHRSAM', 0.49],
        ],
        clearStance,
        0.5,
      ),
      0.5,
      new Map([['A1-HAFT', 5]]),
      { cited: ['A1-HAFT', 'A2-PEP'] },
    );
    expect(cited.kind).toBe('stance');
    expect(cited.uncertainty).toBeCloseTo(0.15, 5);
    expect(cited.items).toBeNull();
    expect(cited.gate).toBeNull();
    // The cited item with the fewest reviewer examples weighs.
    expect(cited.rare).toEqual({ item: 'A2-PEP', examples: 0 });
    expect(instructiveReason(cited, labels)).toBe(
      'Haltung recht sicher: Zustimmung vor Ablehnung (Abstand 0,85); 2.1 hat noch kein geprüftes Beispiel',
    );
  });

  it('a formality the model recognised is uncertain near the boilerplate cut-off', () => {
    const b = boilerplateInstructiveness(0.55, 0.5);
    expect(b.kind).toBe('boilerplate');
    expect(b.uncertainty).toBeCloseTo(0.9, 5);
    expect(instructiveReason(b, labels)).toBe('Grenzfall, ob Formalie (0,55 bei Schwelle 0,50)');
    expect(instructiveReason(boilerplateInstructiveness(0.99, 0.5), labels)).toBe(
      'Recht sicher eine Formalie (0,99 bei Schwelle 0,50)',
    );
  });

  it('a passage the reviewer memory decided has little left to teach', () => {
    const m = rememberedInstructiveness(0.87);
    expect(m.kind).toBe('memory');
    expect(m.score).toBeCloseTo(0.13, 5);
    expect(instructiveReason(m, labels)).toBe('Vom Gedächtnis übernommen (87 % wie ein geprüfter Abschnitt)');
  });

  it('counts reviewer examples per item, once per passage', () => {
    expect(
      examplesPerItem([{ items: ['A1-HAFT', 'A1-HAFT', 'A2-PEP'] }, { items: ['A1-HAFT'] }, {}, { items: [] }]),
    ).toEqual(
      new Map([
        ['A1-HAFT', 2],
        ['A2-PEP', 1],
      ]),
    );
    expect(rarityWeight(0)).toBe(2);
    expect(rarityWeight(3)).toBe(1.5);
  });
});
