import { convert } from 'html-to-text';
import { ok, fail, type Result } from '../../core/errors.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import { decodeText } from '../../core/decode-text.ts';
import type { ExtractLimits } from '../limits.ts';
import { assembleDocument } from '../segment/assemble.ts';
import { textToBlocks } from '../segment/text-blocks.ts';
import { garbledShare } from '../text-hygiene.ts';

/** A "text" part where this share of the characters are controls is binary data under a text label. */
const BINARY_SHARE = 0.3;

/** Plain text in any charset (declared, or detected: UTF-8, Windows-1252, ISO-8859-1). */
export function extractPlainText(
  bytes: Uint8Array,
  declaredCharset: string | null,
  limits: ExtractLimits,
): Result<ExtractedDocument> {
  const text = decodeText(bytes, declaredCharset);
  if (garbledShare(text.slice(0, 65_536)) > BINARY_SHARE)
    return fail(
      'extract.unsupported_type',
      'binary data declared as text (mostly control characters); open the original',
    );
  return fromText('text', capped(text, limits), limits, text.length > limits.maxTextChars);
}

/** HTML is untrusted: it is only ever converted to text here, never rendered. */
export function extractHtml(
  bytes: Uint8Array,
  declaredCharset: string | null,
  limits: ExtractLimits,
): Result<ExtractedDocument> {
  const raw = decodeText(bytes, declaredCharset);
  const html = capped(raw, limits);
  const text = convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  });
  return fromText('html', text, limits, raw.length > limits.maxTextChars);
}

function fromText(format: string, text: string, limits: ExtractLimits, cut: boolean): Result<ExtractedDocument> {
  const truncated = cut ? `text cut at ${limits.maxTextChars} characters` : undefined;
  const doc = assembleDocument(format, textToBlocks(text, null), {
    pageCount: null,
    maxTextChars: limits.maxTextChars,
    ...(truncated ? { truncated } : {}),
  });
  if (doc.text.trim().length === 0)
    return fail('extract.empty', `the ${format === 'html' ? 'HTML' : 'text'} contains no text`);
  return ok(doc);
}

/** 10 MB of noise must not reach the segmenter: cut before any regular expression runs over it. */
const capped = (text: string, limits: ExtractLimits): string =>
  text.length > limits.maxTextChars ? text.slice(0, limits.maxTextChars) : text;
