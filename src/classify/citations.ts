import { fold } from './normalize.ts';

// "§ 62b AufenthG", "§§ 60a, 60b", "§ 60a Abs. 2c AufenthG", "Art. 28 Dublin-III-VO". The law's name is optional:
// counties cite "§ 62b" alone as often as with the act.
const PARAGRAPH =
  /(§§?|art\.?|artikel)\s*(\d{1,3}[a-z]?)(?:\s*abs\.?\s*(\d{1,2}[a-z]?))?(?:\s*(?:satz|s\.|nr\.?)\s*\d+)*(?:\s*(aufenthg|asylg|asylblg|asylvfg|beschv|sgb|gg|famfg|dublin-iii-vo|vwgo|stpo)\b)?/giu;
const MORE = /^\s*(?:,|und|u\.)\s*(\d{1,3}[a-z]?)/iu;

/** Legal citations as features: "§ 60a Abs. 2c AufenthG" → ["cite:60a", "cite:60a:2c", "cite:60a:aufenthg"]. */
export function citationFeatures(text: string): string[] {
  const folded = fold(text);
  const out = new Set<string>();
  for (const m of folded.matchAll(PARAGRAPH)) {
    const kind = m[1]?.startsWith('§') ? 'cite' : 'art';
    const numbers = [m[2] ?? ''];
    const rest = folded.slice((m.index ?? 0) + m[0].length);
    const more = MORE.exec(rest);
    if (m[1] === '§§' && more?.[1]) numbers.push(more[1]);
    for (const n of numbers) {
      out.add(`${kind}:${n}`);
      if (m[3]) out.add(`${kind}:${n}:${m[3]}`);
      if (m[4]) out.add(`${kind}:${n}:${m[4]}`);
    }
  }
  return [...out];
}
