/**
 * The OCR register of `pipelines/<id>/registers/`: clean letter passages (`registers/sources/ocr-clean.jsonl`, written
 * by hand) read back as a scanner's OCR would — letter confusions (e → c, rn ↔ m, l → 1, ü → ii, fi → ﬁ …), lost
 * umlauts, broken hyphenation at line ends, lost or doubled spaces. Seeded, so the same clean file and seed always
 * give the same noisy file; labels are copied unchanged (the noise changes how a passage reads, not what it says).
 *
 *   npx tsx scripts/ocr-noise.ts [--pipeline rueckfuehrung-2024] [--seed 20261207] [--rate 0.05]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seededRandom } from '../src/classify/model/sparse.ts';
import { LabelledLine } from '../src/classify/training-example.ts';

/** Confusions a German OCR engine makes on a mediocre scan: what is read → what it is read as. */
const CONFUSIONS: readonly (readonly [string, string])[] = [
  ['e', 'c'],
  ['rn', 'm'],
  ['m', 'rn'],
  ['l', '1'],
  ['i', 'l'],
  ['I', 'l'],
  ['ü', 'ii'],
  ['ü', 'u'],
  ['ä', 'a'],
  ['ö', 'o'],
  ['ß', 'B'],
  ['fi', 'ﬁ'],
  ['fl', 'ﬂ'],
  ['h', 'li'],
  ['d', 'cl'],
  ['O', '0'],
  ['0', 'O'],
  ['S', '5'],
  ['n', 'u'],
  ['u', 'n'],
  ['t', 'f'],
  [',', '.'],
];

export interface OcrOptions {
  /** Chance that a place where a confusion applies is confused. */
  rate: number;
  /** Characters per scanned line: longer passages are broken there, a word split with a hyphen. */
  lineWidth: number;
}

export const DEFAULT_OCR: OcrOptions = { rate: 0.05, lineWidth: 58 };

/** One passage's text as OCR would read it; `random` is consumed in text order. */
export function ocrNoise(text: string, random: () => number, opts: OcrOptions = DEFAULT_OCR): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const hit = CONFUSIONS.find(([from]) => text.startsWith(from, i));
    if (hit && random() < opts.rate) {
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    const ch = text[i] ?? '';
    // A space lost after a comma or full stop, or doubled.
    if (ch === ' ' && /[,.;]$/.test(out) && random() < opts.rate * 2) {
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return brokenLines(out, random, opts.lineWidth);
}

/** Breaks every paragraph at about `width` characters: inside a long word with "-\n", else at the space. */
function brokenLines(text: string, random: () => number, width: number): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const words = paragraph.split(' ');
      const lines: string[] = [];
      let line = '';
      for (const word of words) {
        if (line.length + word.length + 1 <= width || line === '') {
          line = line === '' ? word : `${line} ${word}`;
          continue;
        }
        const room = width - line.length - 1;
        if (word.length >= 8 && room >= 3 && /^\p{L}+$/u.test(word.slice(0, room)) && random() < 0.7) {
          lines.push(`${line} ${word.slice(0, room)}-`);
          line = word.slice(room);
        } else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
      seed: { type: 'string', default: '20261207' },
      rate: { type: 'string', default: String(DEFAULT_OCR.rate) },
    },
  });
  const opts = z
    .object({ pipeline: z.string().min(1), seed: z.coerce.number().int(), rate: z.coerce.number().min(0).max(1) })
    .parse(values);
  const dir = path.join('pipelines', opts.pipeline, 'registers');
  const source = path.join(dir, 'sources', 'ocr-clean.jsonl');
  const lines = (await readFile(source, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => LabelledLine.parse(JSON.parse(l)));
  const random = seededRandom(opts.seed);
  const noisy = lines.map((l) => ({ ...l, text: ocrNoise(l.text, random, { ...DEFAULT_OCR, rate: opts.rate }) }));
  const target = path.join(dir, 'ocr.jsonl');
  await writeFile(target, noisy.map((l) => JSON.stringify(l)).join('\n') + '\n');
  process.stdout.write(`${target}: ${noisy.length} passages from ${source}, seed ${opts.seed}, rate ${opts.rate}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
