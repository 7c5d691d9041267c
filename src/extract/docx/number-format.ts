/** Renders one counter value in a w:numFmt, as Word shows it. Unknown formats fall back to decimal. */
export function formatNumber(n: number, numFmt: string): string {
  switch (numFmt) {
    case 'none':
    case 'bullet':
      return '';
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'lowerLetter':
      return letters(n) ?? String(n);
    case 'upperLetter':
      return letters(n)?.toUpperCase() ?? String(n);
    case 'lowerRoman':
      return roman(n)?.toLowerCase() ?? String(n);
    case 'upperRoman':
      return roman(n) ?? String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalEnclosedCircle':
      // ① … ⑳ exist as characters; Word falls back to plain digits beyond.
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'ordinal':
    case 'decimalEnclosedFullstop':
      // German ordinals are written "1."; the consultation's replies are German.
      return `${n}.`;
    default:
      return String(n);
  }
}

/** Word's letter numbering: a … z, then aa … zz, then aaa (repeated letters, not base 26). */
function letters(n: number): string | null {
  if (n < 1) return null;
  const letter = String.fromCharCode(0x61 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

const ROMAN: readonly [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

function roman(n: number): string | null {
  if (n < 1 || n > 39999) return null;
  let rest = n;
  let out = '';
  for (const [value, glyph] of ROMAN) {
    while (rest >= value) {
      out += glyph;
      rest -= value;
    }
  }
  return out;
}
