/**
 * Registers the corpus lacks, made from labelled lines by rule, for measuring how the classifier carries over to
 * other writing (and whether imported labels of such a register are learned): each line is rewritten into one of
 * five registers, in turn —
 *   reported   press release / minutes in reported speech ("Der Landkreis teilt mit, die Regelung sei …")
 *   bullets    terse notes, one sentence a bullet, articles and auxiliaries dropped
 *   legal      legal argument: an introductory formula and court citations appended
 *   table      table cells: sentences as cells of a row ("| … | … |")
 *   ocr        scanned-letter noise: rn/m, l/1, ü/ii, ß/B confusions, lost spaces, hyphenated line breaks
 * Labels stay as they were (the rewrites keep what is said). Deterministic: the same input gives the same output.
 *
 *   npx tsx scripts/register-slice.ts FILE.jsonl [--from N] [--to M] > registers.jsonl
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seededRandom } from '../src/classify/model/sparse.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';

export const REGISTERS = ['reported', 'bullets', 'legal', 'table', 'ocr'] as const;
export type Register = (typeof REGISTERS)[number];

const REPORTING = [
  'Der Landkreis teilt mit, ',
  'Laut Protokoll der Dienstbesprechung führte die Ausländerbehörde aus, ',
  'In der Pressemitteilung des Landratsamts heißt es, ',
  'Der Landrat betonte gegenüber dem Verband, ',
  'Die Kreisverwaltung erklärt, ',
];
const SUBJUNCTIVE: [RegExp, string][] = [
  [/\bwir haben\b/gi, 'man habe'],
  [/\bwir sind\b/gi, 'man sei'],
  [/\bwir\b/g, 'man'],
  [/\bWir\b/g, 'Man'],
  [/\bunser(e[mnrs]?)?\b/g, 'sein$1'],
  [/\bUnser(e[mnrs]?)?\b/g, 'Sein$1'],
  [/\bist\b/g, 'sei'],
  [/\bsind\b/g, 'seien'],
  [/\bwird\b/g, 'werde'],
  [/\bwerden\b/g, 'würden'],
  [/\bhat\b/g, 'habe'],
  [/\bkann\b/g, 'könne'],
  [/\bkönnen\b/g, 'könnten'],
  [/\bmuss\b/g, 'müsse'],
  [/\bmüssen\b/g, 'müssten'],
  [/\bgibt\b/g, 'gebe'],
  [/\bfehlt\b/g, 'fehle'],
];
const DROPPED =
  /\b(der|die|das|den|dem|des|ein|eine|einen|einem|einer|wird|werden|ist|sind|wurde|wurden|hat|haben|sehr|bereits|jedoch|auch|aus unserer Sicht)\b\s*/gi;
const CITATIONS = [
  '(vgl. BVerwG, Urt. v. 12.05.2021 – 1 C 5.20, juris Rn. 17)',
  '(so auch OVG Lüneburg, Beschl. v. 03.02.2022 – 13 ME 12/22; VGH Mannheim, Beschl. v. 14.07.2020 – 11 S 1633/20)',
  '(st. Rspr., vgl. BGH, Beschl. v. 20.09.2018 – V ZB 4/17, Rn. 9 m. w. N.)',
  '(Bergmann/Dienelt, AuslR, 14. Aufl., Rn. 22 ff.)',
];
const LEGAL_OPENINGS = [
  'Rechtlich ist hierzu Folgendes auszuführen: ',
  'Nach hiesiger Rechtsauffassung gilt: ',
  'In rechtlicher Hinsicht ist festzuhalten, dass gilt: ',
];

const sentences = (text: string): string[] =>
  text
    // Not after an abbreviation: "Nr. 2", "Abs. 3", "vgl. BVerwG" stay in one sentence.
    .split(/(?<!\b(?:Nr|Abs|Ziff|vgl|bzw|ggf|Art|Anl|Buchst|Urt|Beschl|Rn|[A-ZÄÖÜ]))(?<=[.!?;])\s+(?=[A-ZÄÖÜ„])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function ocrNoise(text: string, random: () => number): string {
  const confusions: [RegExp, string][] = [
    [/rn/g, 'm'],
    [/m/g, 'rn'],
    [/l/g, '1'],
    [/ü/g, 'ii'],
    [/ß/g, 'B'],
    [/e/g, 'c'],
    [/ä/g, 'a'],
  ];
  let out = text;
  for (const [pattern, replacement] of confusions)
    out = out.replace(pattern, (m) => (random() < 0.12 ? replacement : m));
  // Lost spaces and a hyphenated line break in long words, as a scan of a justified letter gives.
  out = out.replace(/ /g, (m) => (random() < 0.04 ? '' : m));
  return out.replace(/\b(\p{L}{6})(\p{L}{5,})\b/gu, (m, a: string, b: string) => (random() < 0.15 ? `${a}-\n${b}` : m));
}

export function inRegister(text: string, register: Register, n: number, random: () => number): string {
  switch (register) {
    case 'reported': {
      let out = text;
      for (const [pattern, replacement] of SUBJUNCTIVE) out = out.replace(pattern, replacement);
      return (REPORTING[n % REPORTING.length] ?? '') + lowerFirst(out);
    }
    case 'bullets':
      return sentences(text)
        .map((s) => `– ${s.replace(DROPPED, '').replace(/[.;]$/, '')}`)
        .join('\n');
    case 'legal':
      return `${LEGAL_OPENINGS[n % LEGAL_OPENINGS.length] ?? ''}${text} ${CITATIONS[n % CITATIONS.length] ?? ''}`;
    case 'table':
      return `| ${sentences(text).join(' | ')} |`;
    case 'ocr':
      return ocrNoise(text, random);
  }
}

const Args = z.object({
  from: z.coerce.number().int().min(1).default(1),
  to: z.coerce.number().int().min(1).optional(),
});

const { values, positionals } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' } },
  allowPositionals: true,
});
const file = positionals[0];
if (!file) throw new Error('usage: register-slice.ts FILE.jsonl [--from N] [--to M]');
const range = Args.parse(values);
const lines = (await readLabelledFile(file)).slice(range.from - 1, range.to);
const random = seededRandom(20261207);
for (const [n, l] of lines.entries()) {
  const register = REGISTERS[n % REGISTERS.length] ?? 'reported';
  const text = inRegister(l.text, register, n, random);
  process.stdout.write(JSON.stringify({ ...l, id: `${l.id}-${register}`, text }) + '\n');
}
