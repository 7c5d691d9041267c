import { describe, expect, it } from 'vitest';
import { isHeading, joinLines, textToBlocks } from '../../../src/extract/segment/text-blocks.ts';
import { listLevel, splitListMarker } from '../../../src/extract/segment/list-number.ts';

describe('textToBlocks', () => {
  it('splits paragraphs on blank lines and joins hard-wrapped lines', () => {
    const blocks = textToBlocks('Erste Zeile\nzweite Zeile.\n\nNeuer Absatz.', null);
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'Erste Zeile zweite Zeile.'],
      ['paragraph', 'Neuer Absatz.'],
    ]);
  });

  it('recognises reference headings, numbered items and quoted lines', () => {
    const blocks = textToBlocks(
      'Zu Anlage 1 Nr. 7:\n\n1. Haft ist zu kurz.\n2. Gewahrsam\nreicht nicht.\n\n> zitierter Text\n> weiter',
      3,
    );
    expect(blocks.map((b) => [b.kind, b.text, b.number ?? null, b.page])).toEqual([
      ['heading', 'Zu Anlage 1 Nr. 7:', null, 3],
      ['list_item', '1. Haft ist zu kurz.', '1.', 3],
      ['list_item', '2. Gewahrsam reicht nicht.', '2.', 3],
      ['quote', 'zitierter Text weiter', null, 3],
    ]);
  });

  it('tells headings from sentences', () => {
    expect(isHeading('Zu Anlage 2, Ziff. 3')).toBe(true);
    expect(isHeading('Zu II. 4.')).toBe(true);
    expect(isHeading('Zu Nr. 7.')).toBe(true);
    expect(isHeading('Zu Nr. 7 ist anzumerken, dass die Regelung sich bewährt hat.')).toBe(false);
    expect(isHeading('Wir lehnen das ab.')).toBe(false);
  });

  it('rejoins words hyphenated at the line end, but keeps "Haft- und Gewahrsam"', () => {
    expect(joinLines(['Abschiebungs-', 'haft ist knapp'])).toBe('Abschiebungshaft ist knapp');
    expect(joinLines(['Haft-', 'und Gewahrsamsplätze'])).toBe('Haft- und Gewahrsamsplätze');
  });

  it('joins exactly as joining onto the growing text did, empty lines and hyphens included', () => {
    // The former definition, quadratic on long paragraphs (it tested and copied the whole text at every line).
    const reference = (lines: readonly string[]) => {
      let out = '';
      for (const line of lines) {
        if (!out) out = line;
        else if (/\p{Ll}-$/u.test(out) && /^\p{Ll}/u.test(line) && !/^(und|oder|bzw|sowie)\b/.test(line))
          out = out.slice(0, -1) + line;
        else out += ' ' + line;
      }
      return out;
    };
    const vocabulary = [
      '',
      'Abschiebungs-',
      'haft',
      'Haft-',
      'und Gewahrsam',
      'oder',
      'a-',
      'B',
      'ist knapp.',
      '-',
      'Ü-',
      'ßig',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % vocabulary.length;
    for (let round = 0; round < 500; round++) {
      const lines = Array.from({ length: 1 + (round % 9) }, () => vocabulary[next()] ?? '');
      expect(joinLines(lines)).toBe(reference(lines));
    }
  });

  it('joins a paragraph of 40,000 hard-wrapped lines', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => (i % 2 === 0 ? 'Die Rückführungs-' : 'haft ist knapp'));
    const text = joinLines(lines);
    expect(text.startsWith('Die Rückführungshaft ist knapp Die Rückführungshaft')).toBe(true);
    expect(text.split('Rückführungshaft').length - 1).toBe(20_000);
  });
});

describe('list numbers', () => {
  it('reads the numbers people type, not years or amounts', () => {
    expect(splitListMarker('3.2 Text')).toMatchObject({ number: '3.2', rest: 'Text' });
    expect(splitListMarker('a) Text')).toMatchObject({ number: 'a)' });
    expect(splitListMarker('IV. Text')).toMatchObject({ number: 'IV.' });
    expect(splitListMarker('- Text')).toMatchObject({ number: null, bullet: true });
    expect(splitListMarker('2024 wurden 12 Personen abgeschoben')).toBeNull();
    expect(splitListMarker('17.9.2024 ist die Frist')).toBeNull();
    expect([listLevel('1.'), listLevel('2.1'), listLevel('a)')]).toEqual([0, 1, 1]);
  });
});
