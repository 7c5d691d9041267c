/**
 * DOCX → text and blocks. The XML is walked directly (not via mammoth) because Word's automatic list
 * numbers, which replies cite ("zu Nr. 7"), exist only in numbering.xml and mammoth drops them.
 */
import { describeError, fail, ok, type Result } from '../../core/errors.ts';
import type { Block, ExtractedDocument } from '../../core/types.ts';
import { checkZipSafety } from '../archive/check-zip.ts';
import type { ExtractLimits } from '../limits.ts';
import { buildBlocks, type DraftBlock } from './build-blocks.ts';
import { createListNumberer, parseNumbering } from './numbering.ts';
import { findSplitRestarts } from './numbering-split.ts';
import { checkOle } from './ole.ts';
import { readDocxParts } from './read-parts.ts';
import { numberingStyleIds, parseStyles } from './styles.ts';
import { walkBody } from './walk-body.ts';
import { wChild } from './xml.ts';

const SEPARATOR = '\n\n';

/** Never throws for bad input: every problem with the bytes comes back as a Failure. */
export async function extractDocx(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  try {
    return await extractChecked(bytes, limits);
  } catch (err) {
    // The checks above should catch all bad input; this is the net for what they missed.
    return fail('extract.failed', `DOCX extraction failed unexpectedly (${describeError(err)})`);
  }
}

async function extractChecked(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  if (bytes.byteLength > limits.maxBytes) {
    return fail('extract.too_large', `the document has ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}`);
  }
  const ole = checkOle(bytes);
  if (ole) return { ok: false, error: ole };
  const unsafe = await checkZipSafety(bytes, limits);
  if (unsafe) return { ok: false, error: unsafe };
  const parts = await readDocxParts(bytes, limits);
  if (!parts.ok) return parts;

  const sheet = parseStyles(parts.value.styles);
  const defs = parseNumbering(parts.value.numbering);
  const body = wChild(parts.value.document.documentElement, 'body');
  const units = body ? walkBody(body) : [];
  const paragraphs = units.flatMap((u) => (u.kind === 'paragraph' ? [u.paragraph] : u.paragraphs));
  const numberer = createListNumberer(defs, numberingStyleIds(sheet), findSplitRestarts(paragraphs, defs));
  const drafts = buildBlocks(units, sheet, numberer);
  if (drafts.length === 0) return fail('extract.empty', 'the Word document contains no text');
  return ok({ format: 'docx', pageCount: null, ...assemble(drafts, limits.maxTextChars) });
}

/** Joins blocks with offsets into the joined text, cutting at `maxChars`. */
export function assemble(
  drafts: DraftBlock[],
  maxChars: number,
): Pick<ExtractedDocument, 'text' | 'blocks' | 'truncated'> {
  const blocks: Block[] = [];
  let text = '';
  for (const draft of drafts) {
    const start = blocks.length === 0 ? 0 : text.length + SEPARATOR.length;
    const room = maxChars - start;
    const cut = cutText(draft.text, Math.max(room, 0));
    if (cut === '') break;
    text += (blocks.length === 0 ? '' : SEPARATOR) + cut;
    blocks.push({ ...draft, text: cut, page: null, start, end: start + cut.length });
    if (cut !== draft.text) break;
  }
  const fullLength = drafts.reduce((sum, d) => sum + d.text.length, 0) + SEPARATOR.length * (drafts.length - 1);
  if (fullLength <= text.length) return { text, blocks };
  return { text, blocks, truncated: `text cap ${maxChars} of ${fullLength} characters` };
}

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
