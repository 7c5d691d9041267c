import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadPdfJs, type PdfJs } from '../../../src/extract/pdf/load-pdfjs.ts';
import { createSameThreadWorker } from '../../../src/extract/pdf/same-thread-port.ts';
import { patchWorkerSource, WORKER_PATCHES } from '../../../src/extract/pdf/worker-patches.ts';
import { fixtureDocument } from '../../helpers/fixture-docs.ts';

const workerSource = () =>
  readFile(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'), 'utf8');

describe('worker-patches', () => {
  // Fails when pdf.js changes a patched function: look at worker-patches.ts again (extraction still works, with that
  // function as shipped, slower).
  it('all apply to the installed pdf.js, and extraction runs on the patched worker', async () => {
    const names = WORKER_PATCHES.map((p) => p.name);
    expect(patchWorkerSource(await workerSource()).applied).toEqual(names);
    expect((await loadPdfJs()).workerPatches).toEqual(names);
  });

  it('leaves a function alone that reads differently or occurs twice', async () => {
    const source = await workerSource();
    const changed = source.replace(
      'Util.transform(textState.ctm, Util.transform(',
      'Util.transform(textState.ctm,Util.transform(',
    );
    expect(patchWorkerSource(changed).applied).toEqual(['TextState.clone']);
    const [first, ...more] = WORKER_PATCHES;
    if (!first) throw new Error('no patches');
    const twice = source.replace(first.original, first.original + first.original);
    expect(patchWorkerSource(twice, [first]).applied).toEqual([]);
    expect(patchWorkerSource(twice, more).applied).toEqual(more.map((p) => p.name));
  });

  it('give every text item exactly what the unpatched worker gives (positions compared bit for bit)', async () => {
    const patched = await loadPdfJs();
    // A second, unpatched instance of the worker module (its core-js does not matter for equality).
    const stock: PdfJs = {
      ...patched,
      worker: await import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
      workerPatches: [],
    };
    const letter = (await fixtureDocument('fixtures/mail/02-pdf-letter.eml', 'att1')).bytes;
    for (const pdf of [transformsPdf(), letter]) {
      const [expected, actual] = [await textItems(stock, pdf), await textItems(patched, pdf)];
      expect(expected.length).toBeGreaterThan(20);
      expect(actual).toStrictEqual(expected);
    }
  });
});

/** All pages' text items; font names lose the document's number, which differs between two loads. */
async function textItems(pdfjs: PdfJs, bytes: Uint8Array): Promise<unknown[]> {
  const worker = createSameThreadWorker(pdfjs, 0);
  const task = pdfjs.api.getDocument({
    data: new Uint8Array(bytes),
    worker,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const items: unknown[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      for (const item of content.items)
        items.push('fontName' in item ? { ...item, fontName: item.fontName.replace(/_d\d+_/, '_d_') } : item);
    }
    return items;
  } finally {
    await task.destroy();
    worker.destroy();
  }
}

/**
 * Text under every kind of transform the rewritten arithmetic meets — the initial CTM (a Float32Array in pdf.js)
 * and a `cm` one (an array), rotations by 90°, 180°, 270° and 30°, scaling, negative zero, horizontal scaling,
 * rise, character and word spacing, kerning, matrices whose every entry is inexact in binary — and text states
 * saved, changed and restored at several depths and inherited by a form XObject.
 */
function transformsPdf(): Uint8Array {
  const content = [
    'BT /F1 12 Tf 72 760 Td (Initial CTM, no cm operator) Tj ET',
    'BT /F1 11 Tf 150 Tz 3 Ts 1.5 Tc 4 Tw 72 740 Td (Scaled, raised and spaced words) Tj ET',
    'BT /F1 10 Tf 100 Tz 0 Ts 0 Tc 0 Tw -0 1 -1 -0 300 400 Tm (Rotated by ninety degrees) Tj ET',
    'BT /F1 10 Tf -1 0 0 -1 500 300 Tm (Upside down) Tj ET',
    'BT /F1 10 Tf 0 -1 1 0 100 300 Tm (Rotated by 270 degrees) Tj ET',
    'BT /F1 10 Tf 0.866 0.5 -0.5 0.866 200 200 Tm [(Thirty) -250 (degrees, ) 120 (kerned)] TJ ET',
    'q 0.5 0 0 0.75 10.25 20.125 cm BT /F2 14 Tf 1 0 0 1 -0 600 Tm (Under a cm) Tj T* (next line) Tj ET Q',
    'q 0.1 0 0 0.1 0 0 cm BT /F1 90 Tf 1.1 0.2 0.3 0.9 700 500 Tm (Skewed 0.1 cm) Tj 0 -120 Td (below) Tj ET Q',
    'q 0.7 0.1 0.2 0.9 13.3 17.7 cm BT /F2 9.3 Tf 0.3 Ts 1.7 0.3 0.1 1.3 33.3 77.7 Tm (Every entry inexact) Tj ET Q',
    'BT /F1 10 Tf 2 Tc 12 TL 1.5 Ts 72 150 Td (Outer state) Tj ET',
    'q BT /F2 12 Tf 120 Tz 0.5 Tc 72 130 Td (Saved once) Tj T* (next) Tj ET',
    'q 2 0 0 2 0 0 cm BT 4 Ts /F1 5 Tf 36 60 Td (Saved twice) Tj ET Q',
    'BT 72 110 Td (Back to once) Tj ET Q',
    'BT 72 90 Td (Back to the outer state) Tj T* (and its leading) Tj ET',
    'q 1 0 0 1 50 20 cm 3 Tc /X1 Do Q BT 72 40 Td (After the form) Tj ET',
  ].join('\n');
  const form = 'BT 72 40 Td (In a form, with the inherited font) Tj 80 Tz /F2 8 Tf 0 -10 Td (and its own) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /X1 7 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>',
    `<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F2 6 0 R >> >> /Length ${form.length} >>\nstream\n${form}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
