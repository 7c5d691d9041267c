import { deu } from 'stopword';
import { fold } from '../classify/normalize.ts';

/**
 * Words that say nothing about which point a passage makes: the German stop words (folded like our text), plus the
 * vocabulary every county reply shares. Kept out of both the vectors and the labels.
 */
const REPLY_WORDS = [
  'landkreis',
  'kreis',
  'auslaenderbehoerde',
  'abh',
  'behoerde',
  'bereits',
  'derzeit',
  'insbesondere',
  'jedoch',
  'sowie',
  'bzw',
  'ggf',
  'etc',
  'nr',
  'anlage',
  'ziff',
  'zu',
  'unsere',
  'unserer',
  'unseren',
  'sicht',
  'wurde',
  'wurden',
  'werden',
  'wird',
  'sei',
  'seien',
  'halten',
  'sehen',
  'gibt',
];

export const STOPWORDS: ReadonlySet<string> = new Set([...deu.map((w) => fold(w)), ...REPLY_WORDS]);
