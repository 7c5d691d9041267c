import { describe, expect, it } from 'vitest';
import { matchPassageWords, parseBboxLayout } from '../../../src/web/pages/pdf-word-boxes.ts';

const XHTML = `<doc><page width="600.000000" height="800.000000">
<word xMin="60.000000" yMin="80.000000" xMax="120.000000" yMax="92.000000">Betreff:</word>
<word xMin="60.000000" yMin="100.000000" xMax="90.000000" yMax="112.000000">Die</word>
<word xMin="95.000000" yMin="100.000000" xMax="200.000000" yMax="112.000000">Verlängerung</word>
<word xMin="205.000000" yMin="100.000000" xMax="230.000000" yMax="112.000000">des</word>
<word xMin="60.000000" yMin="114.000000" xMax="180.000000" yMax="126.000000">Gewahrsams</word>
<word xMin="185.000000" yMin="114.000000" xMax="230.000000" yMax="126.000000">&amp;</word>
<word xMin="60.000000" yMin="130.000000" xMax="100.000000" yMax="142.000000">Ende</word>
</page></doc>`;

describe('PDF word boxes for the passage highlight', () => {
  it('reads words as fractions of the page', () => {
    const words = parseBboxLayout(XHTML);
    expect(words).toHaveLength(7);
    expect(words[1]).toEqual({ text: 'Die', x: 0.1, y: 0.125, w: 0.05, h: 0.015 });
    expect(words[5]?.text).toBe('&');
  });

  it("marks the run of words that is the passage, not the page's other words", () => {
    const words = parseBboxLayout(XHTML);
    const hit = matchPassageWords(words, 'Die Verlängerung des Gewahrsams');
    expect(hit.map((w) => w.text)).toEqual(['Die', 'Verlängerung', 'des', 'Gewahrsams']);
    expect(matchPassageWords(words, 'Ganz anderer Text hier')).toEqual([]);
  });
});
