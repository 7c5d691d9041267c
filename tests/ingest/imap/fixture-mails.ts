import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Realistic replies for volume tests and the benchmark: the fixture mails (PDF and DOCX letters, forwarded bundles,
 * HTML, scans …) used as templates, each copy with its own Message-ID so every copy is a distinct reply.
 */
export async function loadMailTemplates(dir = 'fixtures/mail'): Promise<Buffer[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort();
  if (names.length === 0) throw new Error(`no .eml templates in ${dir}`);
  return Promise.all(names.map((n) => readFile(path.join(dir, n))));
}

/** Copy number `n` of a template: the Message-ID header (with any folded continuation) replaced by a unique one. */
export function withMessageId(template: Buffer, id: string): Buffer {
  const text = template.toString('latin1'); // byte-preserving: bodies may be 8-bit
  const headerEnd = text.search(/\r?\n\r?\n/);
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const rest = headerEnd < 0 ? '' : text.slice(headerEnd);
  const eol = head.includes('\r\n') ? '\r\n' : '\n';
  const replaced = /^Message-ID:.*(?:\r?\n[ \t].*)*$/im.test(head)
    ? head.replace(/^Message-ID:.*(?:\r?\n[ \t].*)*$/im, `Message-ID: <${id}>`)
    : `Message-ID: <${id}>${eol}${head}`;
  return Buffer.from(replaced + rest, 'latin1');
}

/** `count` distinct replies cycling through the templates; `tag` keeps runs apart. */
export function realisticMails(templates: readonly Buffer[], count: number, tag: string): Buffer[] {
  return Array.from({ length: count }, (_, i) => withMessageId(templates[i % templates.length]!, `${tag}-${i}@ruecklauf.test`));
}
