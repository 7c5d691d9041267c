import { readFile } from 'node:fs/promises';
import { withMessageId } from '../fixtures/make/reply-copies.ts';

/** Fixture replies with text layers (no scan: OCR would dwarf everything else and is benchmarked on its own). */
export const TEMPLATES = [
  '01-body-only.eml',
  '02-pdf-letter.eml',
  '03-docx-letter.eml',
  '04-forwarded-bundle.eml',
  '05-fehlanzeige-html.eml',
  '07-reply-quoting-circular.eml',
  '08-late-reply.eml',
];

export async function loadTemplates(): Promise<Buffer[]> {
  return Promise.all(TEMPLATES.map((t) => readFile(`fixtures/mail/${t}`)));
}

/** The i-th mail of a corpus: a template under a Message-ID of its own, so every mail is a reply of its own. */
export function replyMail(templates: readonly Buffer[], i: number): Buffer {
  const template = templates[((i % templates.length) + templates.length) % templates.length];
  if (!template) throw new Error('no templates');
  return withMessageId(template, `bench-${i}@kreis.example`);
}
