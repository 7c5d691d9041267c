import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMissingTools } from '../../src/cli/missing-tools.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A PATH holding only the given programs, each a shell script printing `output`. */
async function pathWith(programs: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rl-tools-'));
  dirs.push(dir);
  for (const [name, output] of Object.entries(programs)) {
    await writeFile(path.join(dir, name), `#!/bin/sh\nprintf '${output}'\n`);
    await chmod(path.join(dir, name), 0o755);
  }
  return dir; // nothing else: on merged-/usr systems /bin would bring the real programs back
}

describe('the tool check before the demo', () => {
  it('names each missing program with its package and what fails without it', async () => {
    expect(findMissingTools(await pathWith({}))).toEqual([
      { what: 'soffice', package: 'libreoffice-writer-nogui', needed: '.doc, .odt and .rtf attachments' },
      { what: 'pdftoppm', package: 'poppler-utils', needed: 'scanned PDFs' },
      { what: 'tesseract', package: 'tesseract-ocr', needed: 'scanned letters' },
    ]);
  });

  it('notices a Tesseract without the German model', async () => {
    const withoutGerman = await pathWith({
      soffice: '',
      pdftoppm: '',
      tesseract: 'List of available languages (2):\\neng\\nosd\\n',
    });
    expect(findMissingTools(withoutGerman).map((m) => m.package)).toEqual(['tesseract-ocr-deu']);
    const complete = await pathWith({
      soffice: '',
      pdftoppm: '',
      tesseract: 'List of available languages (2):\\ndeu\\neng\\n',
    });
    expect(findMissingTools(complete)).toEqual([]);
  });
});
