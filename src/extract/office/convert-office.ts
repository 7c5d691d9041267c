import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../core/errors.ts';
import { ToolError, runTool, withScratchDir } from '../run-tool.ts';

/** 'wordml': Word 2003 XML, given to LibreOffice as .xml. */
export type OfficeFormat = 'doc' | 'rtf' | 'odt' | 'wordml';

/**
 * Legacy Word (.doc), RTF and OpenDocument text → DOCX via LibreOffice, so that one extractor (with Word numbering
 * recovery) reads them all. Each run gets its own LibreOffice profile, so conversions can run side by side.
 */
export async function convertToDocx(
  bytes: Uint8Array,
  format: OfficeFormat,
  timeoutMs: number,
): Promise<Result<Uint8Array>> {
  try {
    return await withScratchDir(async (dir) => {
      const input = path.join(dir, `input.${format === 'wordml' ? 'xml' : format}`);
      await writeFile(input, bytes);
      await runTool(
        'soffice',
        [
          '--headless',
          '--norestore',
          '--nolockcheck',
          `-env:UserInstallation=file://${dir}/profile`,
          '--convert-to',
          'docx',
          '--outdir',
          dir,
          input,
        ],
        { timeoutMs, env: { HOME: dir } },
      );
      try {
        return ok(new Uint8Array(await readFile(path.join(dir, 'input.docx'))));
      } catch {
        // LibreOffice exits 0 even when it could not load the file; the missing output says so.
        return fail(
          'extract.corrupt',
          `LibreOffice could not read this ${label(format)} (damaged, password-protected or not really ${label(format)})`,
        );
      }
    });
  } catch (err) {
    if (err instanceof ToolError && err.reason === 'timeout')
      return fail('extract.timeout', `converting the ${label(format)} ${err.message}`);
    if (err instanceof ToolError)
      return fail('extract.failed', `converting the ${label(format)} failed: ${err.message}`);
    throw err;
  }
}

const label = (format: OfficeFormat): string =>
  ({ doc: 'Word 97-2003 document', rtf: 'RTF document', odt: 'OpenDocument text', wordml: 'Word 2003 XML document' })[
    format
  ];
