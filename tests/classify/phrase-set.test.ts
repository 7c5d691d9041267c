import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePhrase, fold } from '../../src/classify/normalize.ts';
import { phraseSet } from '../../src/classify/phrase-set.ts';
import { loadPipeline } from '../../src/config/pipeline.ts';

/** What the set must answer: every phrase's expression run on its own. */
const naive = (phrases: readonly string[], text: string): number[] =>
  phrases.flatMap((p, i) => (compilePhrase(p).re.test(text) ? [i] : []));

describe('phraseSet', () => {
  const phrases = [
    '§ 62',
    '§ 62b',
    'gewahrsam',
    'abschiebungshaft',
    'haft',
    'lehnen * ab',
    'ab',
    'zu',
    'nicht zuständig',
    'reiseunfähigkeit',
  ];

  it.each([
    ['Ausreisegewahrsam nach § 62b AufenthG', [1, 2]],
    ['Wir lehnen die Regelung in dieser Form entschieden ab.', [5, 6]],
    ['§ 62 gilt; Abschiebungshaft ist zu selten', [0, 3, 7]], // "haft" is short: whole words only,
    ['Die Haft, die Haftanstalt und die Reiseunfähigkeit', [4, 9]],
    ['Hierfür sind wir nicht zuständig.', [8]],
    ['', []],
  ])('finds in %j the phrases %j, as each expression alone would', (text, expected) => {
    const folded = fold(text);
    expect(phraseSet(phrases).matching(folded)).toEqual(expected);
    expect(naive(phrases, folded)).toEqual(expected);
  });

  it('tries an expression whose literal occurs twice only once, and still finds a later whole-word match', () => {
    // Its literal first occurs inside "§ 62a"; the expression, run once on the whole text, still finds the later "§ 62".
    const set = phraseSet(['§ 62']);
    expect(set.matching(fold('§ 62a und § 62 AufenthG'))).toEqual([0]);
    expect(set.matching(fold('§ 62a und § 62c AufenthG'))).toEqual([]);
  });

  it('answers exactly like the expressions on every corpus passage, for all keywords and cues', async () => {
    const pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');
    const all = [...pipeline.taxonomy.items, ...pipeline.taxonomy.topics].flatMap((e) => e.keywords);
    const cues = pipeline.taxonomy.stances.flatMap((s) => s.cues);
    const texts = ['train', 'dev'].flatMap((f) =>
      readFileSync(`pipelines/rueckfuehrung-2024/training/${f}.jsonl`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => fold((JSON.parse(l) as { text: string }).text)),
    );
    for (const list of [all, cues]) {
      const set = phraseSet(list);
      const differing = texts.filter((t) => JSON.stringify(set.matching(t)) !== JSON.stringify(naive(list, t)));
      expect(differing).toEqual([]);
    }
  });
});
