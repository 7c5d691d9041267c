import { describe, expect, it } from 'vitest';
import { createListNumberer, parseNumbering, type ListNumberer } from '../../../src/extract/docx/numbering.ts';
import { formatNumber } from '../../../src/extract/docx/number-format.ts';
import { parseXml } from '../../../src/extract/docx/xml.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** One w:lvl as Word writes it; `extra` carries w:lvlRestart, w:isLgl, w:pStyle … */
const lvl = (ilvl: number, numFmt: string, text: string, start: number | null = 1, extra = ''): string =>
  `<w:lvl w:ilvl="${ilvl}">${start === null ? '' : `<w:start w:val="${start}"/>`}<w:numFmt w:val="${numFmt}"/>` +
  `${extra}<w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/></w:lvl>`;

const abstractNum = (id: number, ...levels: string[]): string =>
  `<w:abstractNum w:abstractNumId="${id}"><w:multiLevelType w:val="multilevel"/>${levels.join('')}</w:abstractNum>`;

const num = (id: number, abstractId: number, overrides = ''): string =>
  `<w:num w:numId="${id}"><w:abstractNumId w:val="${abstractId}"/>${overrides}</w:num>`;

const startOverride = (ilvl: number, start: number): string =>
  `<w:lvlOverride w:ilvl="${ilvl}"><w:startOverride w:val="${start}"/></w:lvlOverride>`;

function numberer(parts: string[], styleNumIds = new Map<string, string>()): ListNumberer {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="${W}">${parts.join('')}</w:numbering>`;
  return createListNumberer(parseNumbering(parseXml(xml)), styleNumIds);
}

/** Labels for a sequence of [numId, ilvl] paragraphs. */
const labels = (n: ListNumberer, paragraphs: [string, number][]) =>
  paragraphs.map(([id, ilvl]) => n.next(id, ilvl)?.number);

const OUTLINE = abstractNum(0, lvl(0, 'decimal', '%1.'), lvl(1, 'decimal', '%1.%2'), lvl(2, 'lowerLetter', '%3)'));

describe('createListNumberer', () => {
  it('counts a multi-level list, restarting deeper levels when a shallower one advances', () => {
    const n = numberer([OUTLINE, num(1, 0)]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 0],
        ['1', 1],
        ['1', 1],
        ['1', 2],
        ['1', 0],
        ['1', 1],
        ['1', 2],
      ]),
    ).toEqual(['1.', '2.', '2.1', '2.2', 'a)', '3.', '3.1', 'a)']);
  });

  it('reports the 0-based level with the label', () => {
    const n = numberer([OUTLINE, num(1, 0)]);
    n.next('1', 0);
    expect(n.next('1', 1)).toEqual({ number: '1.1', level: 1 });
  });

  it('renders letters, roman numerals, zero-padded decimals and a custom start', () => {
    const n = numberer([
      abstractNum(0, lvl(0, 'lowerLetter', '%1)')),
      abstractNum(1, lvl(0, 'upperRoman', '%1.', 2)),
      abstractNum(2, lvl(0, 'decimalZero', '%1.', 9)),
      abstractNum(3, lvl(0, 'decimal', '(%1)', 5)),
      num(1, 0),
      num(2, 1),
      num(3, 2),
      num(4, 3),
    ]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 0],
        ['2', 0],
        ['2', 0],
        ['3', 0],
        ['3', 0],
        ['4', 0],
        ['4', 0],
      ]),
    ).toEqual(['a)', 'b)', 'II.', 'III.', '09.', '10.', '(5)', '(6)']);
  });

  it('continues one list across numIds sharing an abstractNum', () => {
    const n = numberer([OUTLINE, num(1, 0), num(2, 0)]);
    expect(
      labels(n, [
        ['1', 0],
        ['2', 0],
        ['1', 0],
      ]),
    ).toEqual(['1.', '2.', '3.']);
  });

  it('starts a list of its own for a numId with a startOverride', () => {
    const n = numberer([OUTLINE, num(1, 0), num(2, 0, startOverride(0, 1)), num(3, 0, startOverride(0, 4))]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 0],
        ['2', 0],
        ['3', 0],
        ['1', 0],
        ['2', 0],
        ['3', 0],
      ]),
    ).toEqual(['1.', '2.', '1.', '4.', '3.', '2.', '5.']);
  });

  it('uses a level replaced in w:lvlOverride', () => {
    const override = `<w:lvlOverride w:ilvl="0">${lvl(0, 'upperLetter', '%1.', 1)}</w:lvlOverride>`;
    const n = numberer([OUTLINE, num(1, 0, override)]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 0],
        ['1', 1],
      ]),
    ).toEqual(['A.', 'B.', 'B.1']);
  });

  it('keeps counting a level whose w:lvlRestart is 0', () => {
    const n = numberer([
      abstractNum(0, lvl(0, 'decimal', '%1.'), lvl(1, 'decimal', '(%2)', 1, '<w:lvlRestart w:val="0"/>')),
      num(1, 0),
    ]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 1],
        ['1', 1],
        ['1', 0],
        ['1', 1],
      ]),
    ).toEqual(['1.', '(1)', '(2)', '2.', '(3)']);
  });

  it('restarts a level only after the level its w:lvlRestart names', () => {
    const n = numberer([
      abstractNum(
        0,
        lvl(0, 'decimal', '%1.'),
        lvl(1, 'decimal', '%1.%2'),
        lvl(2, 'decimal', '[%3]', 1, '<w:lvlRestart w:val="1"/>'),
      ),
      num(1, 0),
    ]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 2],
        ['1', 1],
        ['1', 2],
        ['1', 0],
        ['1', 2],
      ]),
    ).toEqual(['1.', '[1]', '1.1', '[2]', '2.', '[1]']);
  });

  it('shows every level in decimal under w:isLgl', () => {
    const n = numberer([
      abstractNum(0, lvl(0, 'upperRoman', '%1.'), lvl(1, 'decimal', '%1.%2', 1, '<w:isLgl/>')),
      num(1, 0),
    ]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 0],
        ['1', 1],
      ]),
    ).toEqual(['I.', 'II.', '2.1']);
  });

  it('shows the start value for a level not used yet', () => {
    const n = numberer([OUTLINE, num(1, 0)]);
    expect(
      labels(n, [
        ['1', 1],
        ['1', 1],
      ]),
    ).toEqual(['1.1', '1.2']);
  });

  it('starts at 0 when w:start is missing, as Word does', () => {
    const n = numberer([abstractNum(0, lvl(0, 'decimal', '%1.', null)), num(1, 0)]);
    expect(
      labels(n, [
        ['1', 0],
        ['1', 0],
      ]),
    ).toEqual(['0.', '1.']);
  });

  it('gives bullets no number but keeps them in the list', () => {
    const n = numberer([abstractNum(0, lvl(0, 'bullet', '•'), lvl(1, 'bullet', 'o')), num(1, 0)]);
    expect(n.next('1', 0)).toEqual({ number: undefined, level: 0 });
    expect(n.next('1', 1)).toEqual({ number: undefined, level: 1 });
  });

  it('treats numId 0 and unknown numIds as no numbering', () => {
    const n = numberer([OUTLINE, num(1, 0)]);
    expect(n.next('0', 0)).toBeNull();
    expect(n.next('99', 0)).toBeNull();
    expect(createListNumberer(parseNumbering(null)).next('1', 0)).toBeNull();
  });

  it('finds the level linked to a paragraph style', () => {
    const n = numberer([
      abstractNum(
        0,
        lvl(0, 'decimal', '%1', 1, '<w:pStyle w:val="Heading1"/>'),
        lvl(1, 'decimal', '%1.%2', 1, '<w:pStyle w:val="Heading2"/>'),
      ),
      num(1, 0),
    ]);
    expect(n.levelForStyle('1', 'Heading2')).toBe(1);
    expect(n.levelForStyle('1', 'Normal')).toBeNull();
  });

  it('follows w:numStyleLink to the abstractNum that holds the levels', () => {
    const n = numberer(
      [
        abstractNum(0, lvl(0, 'upperLetter', '%1.')).replace(
          '<w:multiLevelType',
          '<w:styleLink w:val="Gliederung"/><w:multiLevelType',
        ),
        `<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Gliederung"/></w:abstractNum>`,
        num(1, 0),
        num(2, 1),
      ],
      new Map([['Gliederung', '1']]),
    );
    expect(
      labels(n, [
        ['2', 0],
        ['2', 0],
      ]),
    ).toEqual(['A.', 'B.']);
  });
});

describe('formatNumber', () => {
  it('writes letters the way Word repeats them past z', () => {
    expect([1, 26, 27, 28, 53].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'z', 'aa', 'bb', 'aaa']);
    expect(formatNumber(3, 'upperLetter')).toBe('C');
  });

  it('writes roman numerals', () => {
    expect([1, 4, 9, 14, 40, 1994].map((n) => formatNumber(n, 'upperRoman'))).toEqual([
      'I',
      'IV',
      'IX',
      'XIV',
      'XL',
      'MCMXCIV',
    ]);
    expect(formatNumber(12, 'lowerRoman')).toBe('xii');
    expect(formatNumber(0, 'upperRoman')).toBe('0');
  });

  it('falls back to decimal for formats it does not know', () => {
    expect(formatNumber(7, 'chineseCounting')).toBe('7');
    expect(formatNumber(7, 'none')).toBe('');
  });
});
