import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../core/errors.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import type { ExtractLimits } from '../limits.ts';
import { assembleDocument, type BlockDraft } from '../segment/assemble.ts';
import { markBoilerplate } from '../segment/boilerplate.ts';
import { textToBlocks } from '../segment/text-blocks.ts';
import { cleanPages, linesToParagraphText } from '../pdf/page-cleanup.ts';
import { ToolError, runTool, withScratchDir } from '../run-tool.ts';
import { detectFormat } from '../detect-format.ts';
import { parseTesseractTsv, type OcrPage } from './tesseract-tsv.ts';

export interface OcrOptions {
  /** Per page, for rendering and recognising; a page that takes longer fails the document. */
  pageTimeoutMs: number;
  language: string;
}
export const DEFAULT_OCR_OPTIONS: OcrOptions = { pageTimeoutMs: 120_000, language: 'deu' };

const RENDER_DPI = 300;

/**
 * A scan (a PDF without text layer, or an image) → text by OCR: poppler renders each page, Tesseract reads it.
 * The result records the mean word confidence, so reviewers see that the text is machine-read.
 */
export async function ocrDocument(
  bytes: Uint8Array,
  kind: 'pdf' | 'image',
  limits: ExtractLimits,
  opts: OcrOptions = DEFAULT_OCR_OPTIONS,
): Promise<Result<ExtractedDocument>> {
  try {
    return await withScratchDir(async (dir) => {
      const images = kind === 'pdf' ? await renderPdf(bytes, dir, limits, opts) : [await writeImage(bytes, dir)];
      const pages: OcrPage[] = [];
      for (const image of images) pages.push(await recognise(image, opts));
      return toDocument(pages, images.length, limits);
    });
  } catch (err) {
    if (err instanceof ToolError && err.reason === 'timeout') return fail('extract.timeout', `OCR ${err.message}`);
    if (err instanceof ToolError) return fail('extract.ocr_failed', `OCR could not read the scan: ${err.message}`);
    throw err;
  }
}

async function renderPdf(bytes: Uint8Array, dir: string, limits: ExtractLimits, opts: OcrOptions): Promise<string[]> {
  const input = path.join(dir, 'input.pdf');
  await writeFile(input, bytes);
  await runTool(
    'pdftoppm',
    ['-r', String(RENDER_DPI), '-gray', '-png', '-l', String(limits.maxPages), input, path.join(dir, 'page')],
    {
      timeoutMs: opts.pageTimeoutMs * Math.min(limits.maxPages, 50),
    },
  );
  const pages = (await readdir(dir)).filter((f) => /^page-\d+\.png$/.test(f));
  // pdftoppm pads page numbers to the page count's width; sort numerically to keep reading order.
  return pages.sort((a, b) => pageNo(a) - pageNo(b)).map((f) => path.join(dir, f));
}

const pageNo = (file: string): number => Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);

async function writeImage(bytes: Uint8Array, dir: string): Promise<string> {
  const file = path.join(dir, 'input.img');
  await writeFile(file, bytes);
  return file;
}

async function recognise(image: string, opts: OcrOptions): Promise<OcrPage> {
  // One thread per Tesseract: the OCR queue's concurrency decides how many cores OCR takes, not OpenMP.
  const { stdout } = await runTool('tesseract', [image, '-', '-l', opts.language, '--psm', '3', 'tsv'], {
    timeoutMs: opts.pageTimeoutMs,
    env: { OMP_THREAD_LIMIT: '1' },
  });
  return parseTesseractTsv(stdout);
}

function toDocument(pages: OcrPage[], rendered: number, limits: ExtractLimits): Result<ExtractedDocument> {
  const words = pages.reduce((n, p) => n + p.words, 0);
  if (words === 0) return fail('extract.empty', `OCR found no text on ${rendered} scanned page(s)`);
  // The same clean-up as a text layer gets: running headers, footers and page numbers go, paragraphs are found.
  const cleaned = cleanPages(pages.map((p) => p.lines.join('\n')));
  const drafts: BlockDraft[] = cleaned.flatMap((lines, i) => textToBlocks(linesToParagraphText(lines), i + 1));
  const confidence = pages.reduce((sum, p) => sum + p.confidence * p.words, 0) / words;
  // OCR runs outside extractDocument, so it marks boilerplate itself, by the same rules.
  const doc = assembleDocument('pdf', markBoilerplate(drafts), {
    pageCount: rendered,
    maxTextChars: limits.maxTextChars,
    ocrConfidence: Math.round(confidence * 100) / 100,
  });
  return ok(doc);
}

/** OCR of whatever scan the bytes hold: a PDF's pages, or else an image. */
export async function ocrScan(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  const kind = (await detectFormat(bytes)).kind === 'pdf' ? 'pdf' : 'image';
  return ocrDocument(bytes, kind, limits);
}
