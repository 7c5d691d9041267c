import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../../src/extract/extract-document.ts';
import { extractPdf } from '../../../src/extract/pdf/extract-pdf.ts';
import { predefinedCMapPdf } from '../../../fixtures/make/pdf.ts';

describe('PDF text through predefined character maps', () => {
  it('reads a font that names a predefined CMap instead of embedding one (pdf.js cmaps from pdfjs-dist)', async () => {
    const result = await extractPdf(
      predefinedCMapPdf('Bestätigung der Botschaft 中华人民共和国大使馆'),
      DEFAULT_EXTRACT_LIMITS,
    );
    expect(result.ok ? result.value.text : result.error).toBe('Bestätigung der Botschaft 中华人民共和国大使馆');
  });
});
