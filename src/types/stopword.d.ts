// The package ships no type declarations; we use only its German list.
declare module 'stopword' {
  /** German stop words, lower case, with umlauts and ß as written. */
  export const deu: readonly string[];
}
