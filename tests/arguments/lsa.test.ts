import { describe, expect, it } from 'vitest';
import { dense, lsaSpace, projectLsa } from '../../src/arguments/lsa.ts';
import { cosine, termSpace, tfidfVector } from '../../src/arguments/tfidf.ts';

const docs = [
  ['botschaft', 'passersatz', 'wartezeit'],
  ['konsulat', 'passersatz', 'wartezeit'],
  ['botschaft', 'konsulat', 'antwort'],
  ['haftplatz', 'kapazitaet', 'einrichtung'],
  ['haftplatz', 'einrichtung', 'fahrt'],
  ['kapazitaet', 'ausbau', 'einrichtung'],
  ['gebuehr', 'kosten', 'euro'],
  ['kosten', 'erstattung', 'euro'],
].map((words) => new Map(words.map((w) => [w, 1])));

describe('lsaSpace', () => {
  it('with as many axes as terms keeps every cosine (a full SVD loses nothing)', () => {
    const space = termSpace(docs);
    const rows = docs.map((d) => tfidfVector(d, space));
    const lsa = lsaSpace(rows, space.index.size, space.index.size);
    for (const a of rows)
      for (const b of rows) expect(dense(projectLsa(lsa, a), projectLsa(lsa, b))).toBeCloseTo(cosine(a, b), 5);
  });

  it('with few axes brings words that share contexts together, and is the same on every run', () => {
    const space = termSpace(docs);
    const rows = docs.map((d) => tfidfVector(d, space));
    const lsa = lsaSpace(rows, space.index.size, 3);
    const word = (w: string) => tfidfVector(new Map([[w, 1]]), space);
    const sim = (a: string, b: string) => dense(projectLsa(lsa, word(a)), projectLsa(lsa, word(b)));
    expect(cosine(word('botschaft'), word('wartezeit'))).toBe(0);
    expect(sim('botschaft', 'wartezeit')).toBeGreaterThan(sim('botschaft', 'euro') + 0.5);
    expect(lsaSpace(rows, space.index.size, 3).termAxes).toEqual(lsa.termAxes);
  });
});
