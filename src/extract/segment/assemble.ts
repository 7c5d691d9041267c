import type { Block, ExtractedDocument } from '../../core/types.ts';

/** A block before it has a place in the document's text. */
export type BlockDraft = Omit<Block, 'start' | 'end'>;

const SEPARATOR = '\n\n';

/** Joins blocks into the document text and gives each block its offsets, so quotes can point back into it. */
export function assembleDocument(
  format: string,
  drafts: readonly BlockDraft[],
  extra: { pageCount: number | null; maxTextChars: number; truncated?: string; ocrConfidence?: number },
): ExtractedDocument {
  const blocks: Block[] = [];
  let text = '';
  let truncated = extra.truncated;
  for (const draft of drafts) {
    if (!draft.text) continue;
    const start = text.length === 0 ? 0 : text.length + SEPARATOR.length;
    if (start + draft.text.length > extra.maxTextChars) {
      truncated ??= `text cut at ${extra.maxTextChars} characters`;
      break;
    }
    text += (text.length === 0 ? '' : SEPARATOR) + draft.text;
    blocks.push({ ...draft, start, end: start + draft.text.length });
  }
  return {
    format,
    text,
    blocks,
    pageCount: extra.pageCount,
    ...(truncated ? { truncated } : {}),
    ...(extra.ocrConfidence !== undefined ? { ocrConfidence: extra.ocrConfidence } : {}),
  };
}
