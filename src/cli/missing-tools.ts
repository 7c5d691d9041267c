import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The programs real replies need beyond npm packages, and what fails without each (scripts/ensure-demo-tools.sh). */
const TOOLS = [
  { command: 'soffice', package: 'libreoffice-writer-nogui', needed: '.doc, .odt and .rtf attachments' },
  { command: 'pdftoppm', package: 'poppler-utils', needed: 'scanned PDFs' },
  { command: 'tesseract', package: 'tesseract-ocr', needed: 'scanned letters' },
] as const;

export interface MissingTool {
  what: string;
  package: string;
  needed: string;
}

function onPath(command: string, searchPath: string): boolean {
  return searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(path.join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** What is missing for real replies, checked before a run so the user learns it up front, not as extract.failed. */
export function findMissingTools(searchPath = process.env.PATH ?? ''): MissingTool[] {
  const missing: MissingTool[] = TOOLS.filter((t) => !onPath(t.command, searchPath)).map((t) => ({
    what: t.command,
    package: t.package,
    needed: t.needed,
  }));
  if (onPath('tesseract', searchPath)) {
    const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8', env: { PATH: searchPath } });
    if (!/^deu$/m.test(`${langs.stdout}`))
      missing.push({ what: 'Tesseract German model', package: 'tesseract-ocr-deu', needed: 'scanned letters' });
  }
  return missing;
}
