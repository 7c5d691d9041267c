/** Limits every extractor honours; configurable per deployment, enforced before expensive work starts. */
export interface ExtractLimits {
  /** Largest input in bytes an extractor accepts at all. */
  maxBytes: number;
  /** Pages beyond this are not read; the document is marked truncated. */
  maxPages: number;
  /** Extracted text beyond this many characters is cut (10 MB of base64 noise must not reach the classifier). */
  maxTextChars: number;
  /** ZIP-based formats (DOCX, ODT, .zip): declared sizes are checked before anything is inflated. */
  maxArchiveEntries: number;
  maxUncompressedBytes: number;
  /** Largest compressed-to-uncompressed ratio of any single entry (zip bombs reach 1:1000). */
  maxCompressionRatio: number;
  /** How deep archives and attached messages may nest. */
  maxNestingDepth: number;
  /** Longest run of an external converter (LibreOffice) before it is killed. */
  converterTimeoutMs: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 500,
  maxTextChars: 2_000_000,
  maxArchiveEntries: 2_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxNestingDepth: 3,
  converterTimeoutMs: 90_000,
};
