import { fail, ok, type Result } from '../../core/errors.ts';
import type { Block, ExtractedDocument } from '../../core/types.ts';
import { safeFilename } from '../../core/safe-filename.ts';
import type { ExtractLimits } from '../limits.ts';
import { assembleDocument, type BlockDraft } from '../segment/assemble.ts';
import { checkZipSafety } from './check-zip.ts';
import { indexZip, readZipEntry } from './read-zip.ts';

/** Extracts one entry of the archive; the dispatcher passes itself in, so archives may hold any format. */
export type ExtractEntry = (bytes: Uint8Array, filename: string, depth: number) => Promise<Result<ExtractedDocument>>;

const SKIPPED = /(^|\/)(__MACOSX\/|\.[^/]+$|Thumbs\.db$|desktop\.ini$)/i;

/**
 * A ZIP attachment → one document: a heading per file, then that file's text. Sizes and ratios are checked from
 * the central directory before anything is inflated; entries that cannot be read leave a visible note.
 */
export async function extractZip(
  bytes: Uint8Array,
  limits: ExtractLimits,
  depth: number,
  extractEntry: ExtractEntry,
): Promise<Result<ExtractedDocument>> {
  if (depth >= limits.maxNestingDepth)
    return fail('extract.zip_bomb', `archives nested deeper than ${limits.maxNestingDepth} levels`);
  const unsafe = await checkZipSafety(bytes, limits);
  if (unsafe) return { ok: false, error: unsafe };
  const index = await indexZip(bytes);
  if (!index.ok) return index;
  const drafts: BlockDraft[] = [];
  try {
    const names = [...index.value.entries.values()]
      .map((e) => e.fileName)
      .filter((n) => !n.endsWith('/') && !SKIPPED.test(n))
      .sort();
    for (const name of names) drafts.push(...(await entryBlocks(index.value, name, limits, depth, extractEntry)));
  } finally {
    index.value.zip.close();
  }
  if (!drafts.some((d) => !d.boilerplate)) return fail('extract.empty', 'the ZIP archive holds no readable document');
  return ok(assembleDocument('zip', drafts, { pageCount: null, maxTextChars: limits.maxTextChars }));
}

async function entryBlocks(
  index: Parameters<typeof readZipEntry>[0],
  name: string,
  limits: ExtractLimits,
  depth: number,
  extractEntry: ExtractEntry,
): Promise<BlockDraft[]> {
  const display = safeFilename(name) ?? 'unnamed';
  const heading: BlockDraft = { kind: 'heading', text: `Datei: ${display}`, page: null, level: 1 };
  const read = await readZipEntry(index, name, limits.maxBytes);
  const result = !read.ok
    ? read
    : read.value
      ? await extractEntry(read.value, display, depth + 1)
      : fail('extract.corrupt', 'entry vanished');
  if (!result.ok) return [heading, note(`${display} not read: ${result.error.code} — ${result.error.detail}`)];
  return [heading, ...result.value.blocks.map(withoutOffsets)];
}

const note = (text: string): BlockDraft => ({ kind: 'paragraph', text, page: null, boilerplate: 'archive_note' });

function withoutOffsets(block: Block): BlockDraft {
  const { start: _start, end: _end, ...draft } = block;
  return draft;
}
