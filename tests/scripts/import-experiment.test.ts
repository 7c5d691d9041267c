import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedExamples, readRegisters, splitRegisters, toJsonl } from '../../scripts/import-experiment.ts';
import { DEFAULT_OCR, ocrNoise } from '../../scripts/ocr-noise.ts';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { seededRandom } from '../../src/classify/model/sparse.ts';
import { LabelledLine } from '../../src/classify/training-example.ts';

const pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');

describe('foreign registers and the import split', () => {
  it('reads every register, labelled with taxonomy ids only', async () => {
    const lines = await readRegisters(pipeline);
    const registers = new Set(lines.map((l) => l.register));
    expect([...registers].sort()).toEqual(['bullets', 'laender', 'legal', 'ocr', 'reported', 'table']);
    expect(lines.length).toBeGreaterThanOrEqual(290);
    // The import reader (`labels import`) accepts every line: ids known, texts non-empty, ids unique.
    const examples = await importedExamples('registers', lines, pipeline);
    expect(examples).toHaveLength(lines.length);
    const items = new Set(lines.flatMap((l) => l.items));
    expect(items.size).toBe(pipeline.taxonomy.items.length);
  });

  it('splits deterministically: the held-out register whole, about 150 imported, no passage on both sides', async () => {
    const lines = await readRegisters(pipeline);
    const split = splitRegisters(lines, 'table', 150, 17);
    expect(split.heldOutRegister.every((l) => l.register === 'table')).toBe(true);
    expect(split.heldOutRegister).toHaveLength(lines.filter((l) => l.register === 'table').length);
    expect(Math.abs(split.imported.length - 150)).toBeLessThanOrEqual(3);
    const imported = new Set(split.imported.map((l) => l.id));
    expect(split.heldOut.some((l) => imported.has(l.id))).toBe(false);
    expect(split.imported.length + split.heldOut.length + split.heldOutRegister.length).toBe(lines.length);
    expect(splitRegisters(lines, 'table', 150, 17)).toEqual(split);
    expect(splitRegisters(lines, 'table', 150, 18).imported).not.toEqual(split.imported);
    expect(toJsonl(split.imported).trim().split('\n')).toHaveLength(split.imported.length);
  });
});

describe('OCR noise', () => {
  const clean = 'Die Identität der meisten Ausreisepflichtigen aus Eritrea ist ungeklärt, Dokumente fehlen völlig.';

  it('is seeded: the same seed gives the same text, another seed another', () => {
    const a = ocrNoise(clean, seededRandom(1));
    expect(ocrNoise(clean, seededRandom(1))).toBe(a);
    expect(ocrNoise(clean, seededRandom(2))).not.toBe(a);
  });

  it('confuses letters and breaks lines with hyphens, keeping the text recognisable', () => {
    const noisy = ocrNoise(clean, seededRandom(3), { rate: 0.3, lineWidth: 30 });
    expect(noisy).not.toBe(clean);
    expect(noisy).toContain('\n');
    expect(noisy.replace(/\s/g, '').length).toBeGreaterThan(clean.replace(/\s/g, '').length * 0.8);
    expect(
      ocrNoise(clean, seededRandom(3), { ...DEFAULT_OCR, rate: 0 }).replace(/-?\n/g, (m) => (m === '\n' ? ' ' : '')),
    ).toBe(clean);
  });

  it('the committed OCR register is the clean letters run through the script (seed 20261207)', async () => {
    const dir = path.join(pipeline.dir, 'registers');
    const read = async (f: string) =>
      (await readFile(path.join(dir, f), 'utf8'))
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => LabelledLine.parse(JSON.parse(l)));
    const [clean, noisy] = [await read('sources/ocr-clean.jsonl'), await read('ocr.jsonl')];
    const random = seededRandom(20261207);
    expect(noisy).toEqual(clean.map((l) => ({ ...l, text: ocrNoise(l.text, random) })));
  });
});
