import { describe, expect, it } from 'vitest';
import {
  duplicateTokens,
  groupNearDuplicates,
  jaccard,
  NearDuplicateIndex,
  shingleSet,
} from '../../src/similarity/near-duplicates.ts';

const MODEL =
  'Der Landkreis Celle unterstützt die Erweiterung der Vermutung der Fluchtgefahr auf Fälle der ' +
  'Identitätstäuschung. Im Jahr 2023 scheiterten 14 Haftanträge an fehlenden Haftplätzen in Niedersachsen; ' +
  'die Ausländerbehörde hält eine zentrale Abschiebungshafteinrichtung des Landes für dringend erforderlich.';
const SAME_MODEL_OTHER_COUNTY = MODEL.replace('Celle', 'Harburg').replace('14', '27').replace('2023', '2024');
const OTHER =
  'Wir lehnen eine Ausweitung des Ausreisegewahrsams ab, weil die Gerichte die Anträge schon heute ' +
  'regelmäßig zurückweisen und der Verwaltungsaufwand in keinem Verhältnis zum Ertrag steht.';

describe('near-duplicate passages', () => {
  it('folds case, umlauts and figures so a model statement with other names and numbers stays alike', () => {
    expect(duplicateTokens('Für 14 Fälle, § 62b')).toEqual(['fuer', '0', 'faelle', '§', '0b']);
    const similarity = jaccard(shingleSet(MODEL), shingleSet(SAME_MODEL_OTHER_COUNTY));
    expect(similarity).toBeGreaterThan(0.8);
    expect(jaccard(shingleSet(MODEL), shingleSet(OTHER))).toBeLessThan(0.1);
  });

  it('groups the connected near-duplicates, leaves single passages out, and is deterministic', () => {
    const items = [
      { id: 'a', text: MODEL },
      { id: 'b', text: OTHER },
      { id: 'c', text: SAME_MODEL_OTHER_COUNTY },
      { id: 'd', text: `Ergänzend: ${SAME_MODEL_OTHER_COUNTY}` },
      { id: 'e', text: OTHER.toUpperCase() },
      { id: 'f', text: 'Fehlanzeige.' },
      { id: 'g', text: '' },
    ];
    const groups = groupNearDuplicates(items);
    expect(groups).toEqual([
      ['a', 'c', 'd'],
      ['b', 'e'],
    ]);
    expect(groupNearDuplicates([...items])).toEqual(groups);
  });

  it('a stricter threshold separates an edited copy', () => {
    const edited = `${MODEL} Zusätzlich fordern wir mehr Personal für die Ausländerbehörden und eine bessere Ausstattung der Zentralen Ausländerbehörde des Landes.`;
    expect(
      groupNearDuplicates(
        [
          { id: 'a', text: MODEL },
          { id: 'b', text: edited },
        ],
        { threshold: 0.95 },
      ),
    ).toEqual([]);
    expect(
      groupNearDuplicates(
        [
          { id: 'a', text: MODEL },
          { id: 'b', text: edited },
        ],
        { threshold: 0.5 },
      ),
    ).toEqual([['a', 'b']]);
  });

  it('an index answers which known passage a new text nearly repeats, most similar first', () => {
    const index = new NearDuplicateIndex();
    index.add({ id: 'known-model', text: MODEL });
    index.add({ id: 'known-other', text: OTHER });
    index.add({ id: 'empty', text: ' ' });
    expect(index.size).toBe(2);
    const [best, ...rest] = index.query(SAME_MODEL_OTHER_COUNTY);
    expect(best?.id).toBe('known-model');
    expect(best?.similarity).toBeGreaterThan(0.8);
    expect(rest).toEqual([]);
    expect(index.query('Ein ganz anderer Satz über Sprachkurse an Volkshochschulen.')).toEqual([]);
  });

  it('finds every duplicate pair among thousands of passages (banding loses none at the threshold)', () => {
    const words = 'abschiebung duldung haft gewahrsam pass identitaet behoerde land kreis bund gericht antrag'.split(
      ' ',
    );
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) / 2147483647;
    const base = Array.from({ length: 1500 }, (_, i) => ({
      id: `p${i}`,
      text: Array.from({ length: 40 }, () => words[Math.floor(random() * words.length)]).join(' '),
    }));
    const copies = base.slice(0, 300).map((item) => ({ id: `${item.id}-copy`, text: item.text.replace(/^\w+/, 'x') }));
    const groups = groupNearDuplicates([...base, ...copies]);
    const paired = groups.filter((group) => group.some((id) => id.endsWith('-copy')));
    expect(paired.length).toBe(300);
    for (const group of paired) expect(group).toHaveLength(2);
  });
});
