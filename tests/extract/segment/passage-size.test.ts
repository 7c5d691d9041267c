import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../../src/extract/extract-document.ts';
import { buildPassages, MAX_PASSAGE_CHARS, splitAtSentences } from '../../../src/extract/segment/passages.ts';

/** docs/reliability.md, class 9: a 1.2 MB one-paragraph body became a single passage. */
describe('passage size cap', () => {
  const sentences = [
    'Zu Anlage 1 Nr. 7: Die Ausländerbehörde des Landkreises hält die Frist für zu kurz.',
    'Die Zusammenarbeit mit der ZAB, z. B. bei Passersatzpapieren, ist gut.',
    'Nach § 62b AufenthG sind 28 Tage Ausreisegewahrsam möglich; das reicht selten.',
  ];
  // One paragraph of about 1.2 MB (UTF-8): no blank line anywhere.
  const body = Array.from({ length: 15_000 }, (_, i) => sentences[i % 3]).join(' ');

  it('splits a 1.2 MB paragraph at sentence ends into passages of at most 2,000 characters, offsets kept', async () => {
    expect(body.length).toBeGreaterThan(1_150_000);
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: 2_000_000 };
    const r = await extractDocument({ bytes: Buffer.from(body), declaredType: 'text/plain', filename: null }, limits);
    if (!r.ok) throw new Error(r.error.detail);
    const passages = buildPassages(r.value);
    expect(passages.length).toBeGreaterThan(580);
    for (const p of passages) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      expect(r.value.text.slice(p.start, p.end)).toBe(p.text);
      expect(p.text).toMatch(/[.;]$/); // ends after a sentence
    }
    expect(passages.map((p) => p.seq)).toEqual(passages.map((_, i) => i));
    expect(passages.map((p) => p.text).join(' ')).toBe(body);
  });

  it('keeps abbreviations inside sentences and cuts an endless sentence at spaces', () => {
    const pieces = splitAtSentences(`${sentences[1]} ${'Wort '.repeat(1000)}Ende.`, 100);
    expect(pieces[0]?.text).toBe(sentences[1]);
    expect(pieces.every((p) => p.text.length <= 100)).toBe(true);
  });

  it('leaves passages under the cap as they were', () => {
    const text = sentences.join(' ');
    expect(splitAtSentences(text, MAX_PASSAGE_CHARS)).toEqual([{ at: 0, text }]);
  });
});
