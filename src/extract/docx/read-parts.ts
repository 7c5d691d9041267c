/** Reads the parts of a DOCX package that text extraction needs, each inflated under a byte cap. */
import type { Document } from '@xmldom/xmldom';
import { describeError, fail, ok, type Result } from '../../core/errors.ts';
import { indexZip, readZipEntry, type ZipIndex } from '../archive/read-zip.ts';
import type { ExtractLimits } from '../limits.ts';
import { DEFAULT_MAIN_PART, findTarget, parseRelationships, relsPathFor } from './parts.ts';
import { decodeXml, isW, parseXml, wChild } from './xml.ts';

export interface DocxParts {
  mainPath: string;
  document: Document;
  styles: Document | null;
  numbering: Document | null;
}

/** Call only after checkZipSafety: the declared sizes are trusted as caps here. */
export async function readDocxParts(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<DocxParts>> {
  const indexed = await indexZip(bytes);
  if (!indexed.ok) return indexed;
  try {
    return await readParts(indexed.value, limits.maxUncompressedBytes);
  } finally {
    indexed.value.zip.close();
  }
}

async function readParts(index: ZipIndex, maxBytes: number): Promise<Result<DocxParts>> {
  const rootRels = await readAuxiliary(index, '_rels/.rels', maxBytes);
  if (!rootRels.ok) return rootRels;
  const mainPath = findTarget(parseRelationships(rootRels.value), '', 'officeDocument') ?? DEFAULT_MAIN_PART;
  const main = await readXml(index, mainPath, maxBytes);
  if (!main.ok) return main;
  if (!main.value) return fail('extract.corrupt', `not a Word document: the package has no ${mainPath}`);
  const root = main.value.documentElement;
  if (!root || !isW(root, 'document') || !wChild(root, 'body')) {
    return fail('extract.corrupt', `not a Word document: ${mainPath} has no w:document/w:body`);
  }
  const rels = await readAuxiliary(index, relsPathFor(mainPath), maxBytes);
  if (!rels.ok) return rels;
  const related = parseRelationships(rels.value);
  const styles = await readAuxiliary(index, findTarget(related, mainPath, 'styles'), maxBytes);
  if (!styles.ok) return styles;
  const numbering = await readAuxiliary(index, findTarget(related, mainPath, 'numbering'), maxBytes);
  if (!numbering.ok) return numbering;
  return ok({ mainPath, document: main.value, styles: styles.value, numbering: numbering.value });
}

/** Reads and parses one XML part; null when absent, corrupt when it is not well-formed. */
async function readXml(index: ZipIndex, path: string, maxBytes: number): Promise<Result<Document | null>> {
  const read = await readZipEntry(index, path, maxBytes);
  if (!read.ok) return read;
  if (read.value === null) return ok(null);
  try {
    return ok(parseXml(decodeXml(read.value)));
  } catch (err) {
    return fail('extract.corrupt', `${path} is not well-formed XML (${describeError(err)})`);
  }
}

/**
 * Styles, numbering and relationships only refine the text: a broken one is read as absent rather than
 * losing the document. Bomb and size failures still stop extraction.
 */
async function readAuxiliary(index: ZipIndex, path: string | null, maxBytes: number): Promise<Result<Document | null>> {
  if (path === null) return ok(null);
  const read = await readXml(index, path, maxBytes);
  return !read.ok && read.error.code === 'extract.corrupt' ? ok(null) : read;
}
