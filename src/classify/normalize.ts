// The rules, the keyword index, the cues and the features each fold the same passage in turn: remember the last.
let lastFold = { text: '', folded: '' };

/** German text folded for matching: lower case, umlauts and ß spelled out, whitespace collapsed. */
export function fold(text: string): string {
  if (lastFold.text === text) return lastFold.folded;
  const folded = foldText(text);
  lastFold = { text, folded };
  return folded;
}

function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[„“”‚‘’"]/g, '')
    .replace(/\s+/g, ' ');
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A phrase (a keyword or a stance cue) → a regular expression over folded text. Long words also match inside
 * compounds ("gewahrsam" in "Ausreisegewahrsam"); short ones and legal citations only as whole words, so
 * "§ 62" does not match "§ 62b". "*" stands for up to eight words ("lehnen * ab").
 */
export interface CompiledPhrase {
  re: RegExp;
  /** The longest literal part: it must occur in the text for the expression to match (folded text has single spaces). */
  literal: string;
}

export function compilePhrase(phrase: string): CompiledPhrase {
  const folded = fold(phrase).trim();
  const literal = folded
    .split('*')
    .map((part) => part.trim())
    .reduce((a, b) => (b.length > a.length ? b : a), '');
  return { re: phraseRegExp(folded), literal };
}

function phraseRegExp(folded: string): RegExp {
  const body = folded
    .split('*')
    .map((part) => escape(part.trim()).replace(/ /g, '\\s+'))
    .join('\\s+(?:\\S+\\s+){0,8}?');
  const compound = /^[a-z]{8,}$/.test(folded);
  const start = compound ? '' : '(?<![\\p{L}\\p{N}])';
  const end = /[\p{N}.]$/u.test(folded) || folded.length < 5 ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(start + body + end, 'u');
}
