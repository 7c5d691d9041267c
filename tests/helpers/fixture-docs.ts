import { readFile } from 'node:fs/promises';
import { parseMail } from '../../src/parse/parse-mail.ts';
import type { DocumentInput } from '../../src/core/types.ts';

/** The document at `path` ("att1", "msg2/body" …) of a fixture mail. */
export async function fixtureDocument(mailFile: string, path: string): Promise<DocumentInput> {
  const mail = await parseMail(await readFile(mailFile));
  const doc = mail.documents.find((d) => d.path === path);
  if (!doc)
    throw new Error(`${mailFile} has no document ${path}; it has ${mail.documents.map((d) => d.path).join(', ')}`);
  return doc;
}
