import { describe, expect, it } from 'vitest';
import { loadPdfJs } from '../../../src/extract/pdf/load-pdfjs.ts';

/** Built-in functions have no own `prototype`; core-js's JavaScript replacements (plain functions) do. */
const isBuiltIn = (fn: (...args: never[]) => unknown): boolean => !Object.hasOwn(fn, 'prototype');

describe('loadPdfJs', () => {
  it('loads pdf.js once and leaves the built-ins its core-js replaced (push is called once per glyph) native', async () => {
    const first = await loadPdfJs();
    expect(await loadPdfJs()).toBe(first);
    expect(typeof first.api.getDocument).toBe('function');
    expect(isBuiltIn(Array.prototype.push)).toBe(true);
    expect(isBuiltIn(JSON.parse)).toBe(true);
  });
});
