/**
 * Measures letter anatomy on the labelled letters (fixtures/letters, built by `npm run fixtures`): each mail is
 * parsed, every document extracted (scans through OCR) and cut into passages exactly as the pipeline does, and
 * the passages are scored against the line labels. Prints the two figures the issue sets (≤ 3 % letter-part
 * lines among non-boilerplate passages; 0 statement sentences lost to boilerplate) and every leak and loss.
 *
 *   npm run eval:anatomy [-- --dir fixtures/letters] [--verbose]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { resolveRespondents, type ReplySource, type ReplyUnit } from '../src/attribute/resolve-respondents.ts';
import { loadDomainTable } from '../src/config/respondent-domains.ts';
import type { DocumentInput, ExtractedDocument, ParsedMail, Passage } from '../src/core/types.ts';
import { loadRespondents } from '../src/config/respondents.ts';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/extract/extract-document.ts';
import { ocrScan } from '../src/extract/ocr/ocr-document.ts';
import {
  scoreAnatomy,
  sumAnatomy,
  type AnatomyFigures,
  type AnatomyScore,
} from '../src/extract/segment/evaluate-anatomy.ts';
import { buildPassages } from '../src/extract/segment/passages.ts';
import { parseMail } from '../src/parse/parse-mail.ts';

const Case = z.object({
  file: z.string().regex(/^[\w.-]+\.eml$/, 'a file name in the letters folder'),
  shape: z.string(),
  ags: z.string().nullable(),
  lines: z.array(z.object({ label: z.string(), text: z.string() })),
});
export type AnatomyCaseFile = z.infer<typeof Case>;

export async function readCases(dir: string): Promise<AnatomyCaseFile[]> {
  const file = path.join(dir, 'labels.json');
  const parsed = z.array(Case).safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface MailPassages {
  mail: ParsedMail;
  documents: { input: DocumentInput; path: string; doc: ExtractedDocument; passages: Passage[] }[];
  errors: string[];
}

/** One mail through parsing, extraction (OCR for scans) and segmentation, as the workers run them. */
export async function passagesOfMail(raw: Uint8Array): Promise<MailPassages> {
  const mail = await parseMail(raw);
  const out: MailPassages = { mail, documents: [], errors: [] };
  for (const d of mail.documents) {
    const req = { bytes: d.bytes, declaredType: d.declaredType, filename: d.filename };
    let result = await extractDocument(req, DEFAULT_EXTRACT_LIMITS);
    if (!result.ok && result.error.code === 'extract.needs_ocr')
      result = await ocrScan(d.bytes, DEFAULT_EXTRACT_LIMITS);
    if (!result.ok) {
      out.errors.push(`${d.path}: ${result.error.code}`);
      continue;
    }
    out.documents.push({ input: d, path: d.path, doc: result.value, passages: buildPassages(result.value) });
  }
  return out;
}

const LETTER_PARTS = new Set(['letterhead', 'address', 'reference', 'signature', 'closing']);

/** The reply units of one mail as the store lists them (src/store/respondent-assignments.ts), without a database. */
export function replySources(m: MailPassages, messageId: string): ReplySource[] {
  const units = new Map<string, ReplySource>();
  for (const d of m.documents) {
    const originPath = d.input.origin ? (d.path.split('/')[0] ?? '') : '';
    const o = d.input.origin;
    const unit = units.get(originPath) ?? {
      message_id: messageId,
      origin_path: originPath,
      from_name: o ? o.fromName : m.mail.fromName,
      from_address: o ? o.from : m.mail.from,
      sent_at: null,
      subject: o ? o.subject : m.mail.subject,
      filenames: null,
      signature: null,
      assigned: false,
      ags: null,
      assigned_by: null,
    };
    if (d.input.filename) unit.filenames = [unit.filenames, d.input.filename].filter(Boolean).join('\n');
    const parts = d.passages.filter((p) => p.boilerplate && LETTER_PARTS.has(p.boilerplate)).map((p) => p.text);
    if (parts.length) unit.signature = [unit.signature, ...parts].filter(Boolean).join('\n');
    units.set(originPath, unit);
  }
  if (units.size === 0)
    units.set('', {
      message_id: messageId,
      origin_path: '',
      from_name: m.mail.fromName,
      from_address: m.mail.from,
      sent_at: null,
      subject: m.mail.subject,
      signature: null,
      assigned: false,
      ags: null,
      assigned_by: null,
    });
  return [...units.values()];
}

/** The unit a reply is judged by: the forwarded county's when the mail passes one on, else the mail's own. */
const replyUnit = (units: readonly ReplyUnit[]): ReplyUnit | undefined =>
  units.find((u) => u.originPath !== '') ?? units[0];

export interface CaseResult {
  file: string;
  score: AnatomyScore;
  errors: string[];
  expectedAgs: string | null;
  attributed: ReplyUnit | undefined;
}

export async function measureAnatomy(
  dir: string,
  pipelineDir = 'pipelines/rueckfuehrung-2024',
): Promise<{ figures: AnatomyFigures; attributedRight: number; perCase: CaseResult[] }> {
  const [respondents, domains] = await Promise.all([loadRespondents(pipelineDir), loadDomainTable(pipelineDir)]);
  const perCase: CaseResult[] = [];
  for (const c of await readCases(dir)) {
    const mail = await passagesOfMail(await readFile(path.join(dir, c.file)));
    const passages = mail.documents.flatMap((d) => d.passages);
    const units = resolveRespondents(replySources(mail, c.file), respondents, domains);
    perCase.push({
      file: c.file,
      score: scoreAnatomy(c.lines, passages),
      errors: mail.errors,
      expectedAgs: c.ags,
      attributed: replyUnit(units),
    });
  }
  const attributedRight = perCase.filter((p) => (p.attributed?.respondent?.ags ?? null) === p.expectedAgs).length;
  return { figures: sumAnatomy(perCase.map((p) => p.score)), attributedRight, perCase };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string', default: 'fixtures/letters' }, verbose: { type: 'boolean', default: false } },
  });
  const { figures, perCase, attributedRight } = await measureAnatomy(values.dir);
  for (const c of perCase) {
    const s = c.score;
    process.stdout.write(
      `${c.file.padEnd(38)} sentences ${String(s.statementSentences).padStart(3)}  lost ${s.lost.length}  unread ${s.unread.length}  leaked lines ${s.leaked.length}  content passages ${s.contentPassages}${c.errors.length ? `  errors: ${c.errors.join(', ')}` : ''}\n`,
    );
    const who = c.attributed;
    process.stdout.write(
      `    respondent: ${who?.respondent ? `${who.respondent.officialName} (${who.respondent.ags})` : 'none'} confidence ${who?.confidence ?? 0}${who?.needsReview ? ' → review' : ''}; expected ${c.expectedAgs ?? 'none'}${(who?.respondent?.ags ?? null) === c.expectedAgs ? '' : '  WRONG'}\n`,
    );
    if (values.verbose) {
      process.stdout.write(`    because: ${who?.reason ?? ''}\n`);
      for (const l of s.leaked) process.stdout.write(`    leaked ${l.label}: ${l.text}\n`);
      for (const l of s.lost) process.stdout.write(`    LOST: ${l}\n`);
      for (const l of s.unread) process.stdout.write(`    unread: ${l}\n`);
      for (const h of s.headingPassages) process.stdout.write(`    heading as passage: ${h}\n`);
    }
  }
  process.stdout.write(
    [
      '',
      `letters: ${figures.letters}, statement sentences: ${figures.statementSentences}`,
      `letter-part lines among non-boilerplate passages: ${figures.leakedLines} → ${pct(figures.leakShare)} (target ≤ 3 %)`,
      `statement sentences lost to boilerplate: ${figures.lostSentences} (target 0)`,
      `statement sentences not read at all (extraction/OCR): ${figures.unreadSentences}`,
      `headings standing alone as content passages: ${figures.headingPassages}`,
      `replies attributed to the right Landkreis (none for the forged display name): ${attributedRight} of ${perCase.length}`,
      '',
    ].join('\n'),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
