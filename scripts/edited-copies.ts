/**
 * Lightly edited copies of labelled passages, for measuring the reviewer memory: every figure changed, one of a few
 * introductory phrases prepended, and (every other line) the respondent's name swapped — the edits a county makes
 * when it sends its Land association's model statement as its own. Labels stay as they were.
 *
 *   npx tsx scripts/edited-copies.ts FILE.jsonl > edited.jsonl
 */
import { readLabelledFile } from '../src/training/read-labelled-file.ts';

const PHRASES = [
  'Ergänzend möchten wir anmerken: ',
  'Aus Sicht unseres Hauses gilt: ',
  'Wie bereits in der Sitzung mitgeteilt, ',
  'Hierzu nehmen wir wie folgt Stellung: ',
];
const NAMES: [RegExp, string][] = [
  [/\bLandkreis(es)?\b/g, 'Kreis'],
  [/\bunser(e[mnrs]?)? Ausländerbehörde\b/g, 'die hiesige Ausländerbehörde'],
];

/** Every digit run shifted (3 → 5, 2024 → 2026): other figures, same shape. */
export function editedCopy(text: string, n: number): string {
  let out = text.replace(/\d+/g, (d) => String(Number(d) + 2));
  if (n % 2 === 1) for (const [pattern, replacement] of NAMES) out = out.replace(pattern, replacement);
  const phrase = PHRASES[n % PHRASES.length] ?? '';
  return phrase + (phrase.endsWith(': ') ? out : out.charAt(0).toLowerCase() + out.slice(1));
}

const file = process.argv[2];
if (!file) throw new Error('usage: edited-copies.ts FILE.jsonl');
const lines = await readLabelledFile(file);
for (const [n, l] of lines.entries())
  process.stdout.write(JSON.stringify({ ...l, id: `${l.id}-edited`, text: editedCopy(l.text, n) }) + '\n');
