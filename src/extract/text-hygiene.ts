/**
 * Characters that are not text. PostgreSQL's text and jsonb cannot hold U+0000 at all (a NUL from a PDF's text layer or
 * a broken mail body failed the write, retried five times, then the whole message: docs/reliability.md, class 4); the
 * other C0 controls and the non-characters are what a font without a Unicode mapping yields instead of letters
 * (class 5). Tab, line feed and carriage return are text.
 */
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const NOT_TEXT_ONE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;
/** Private-use code points: glyphs of symbol fonts, and what some producers map unmapped glyphs to. */
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

export const hasNonText = (text: string): boolean => NOT_TEXT_ONE.test(text);

export const stripNonText = (text: string): string => text.replace(NOT_TEXT, '');

/**
 * The share of visible characters that are control or private-use characters. Real letters have none or a few
 * (a bullet from a symbol font); a text layer drawn in fonts without a Unicode mapping has them in most words.
 */
export function garbledShare(text: string): number {
  const visible = text.replace(/\s+/g, '').length;
  if (visible === 0) return 0;
  const bad = (text.match(NOT_TEXT)?.length ?? 0) + (text.match(PRIVATE_USE)?.length ?? 0);
  return bad / visible;
}

/** Above this share a text layer is no text: the document is read by OCR instead (class 5). */
export const GARBLED_SHARE_LIMIT = 0.05;
