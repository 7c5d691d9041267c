import { createRequire } from 'node:module';

/**
 * The only door to `natural`. Its index pulls in storage adapters that `require('dotenv').config()` on import:
 * dotenv 17 then loads a `.env` from the working directory into process.env and prints a banner to stdout, which
 * would corrupt `ruecklauf classify`'s JSONL and let a stray file change our configuration. The two modules we use
 * import neither, so we load them by path and never the package index.
 */
const require = createRequire(import.meta.url);

interface Stemmer {
  stem(word: string): string;
}
interface Tokenizer {
  tokenize(text: string): string[];
}

const stemmer = require('natural/lib/natural/stemmers/porter_stemmer_de.js') as Stemmer;
const TokenizerDe = require('natural/lib/natural/tokenizers/aggressive_tokenizer_de.js') as new () => Tokenizer;
const tokenizer = new TokenizerDe();

/** Snowball (Porter) German stem of one lower-case word; umlauts are expected unfolded ("reiseunfähigkeit"). */
export const stemGerman = (word: string): string => stemmer.stem(word);

/** Word tokens of lower-case German text. Upper-case umlauts are not word characters to this tokenizer: lower first. */
export const tokenizeGerman = (lowerText: string): string[] => tokenizer.tokenize(lowerText);
