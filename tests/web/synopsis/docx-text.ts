import JSZip from 'jszip';

/** The parts of a DOCX a test looks at, with paragraph texts read from the XML (w:t runs joined). */
export interface DocxParts {
  document: string;
  footers: string[];
  headers: string[];
  media: string[];
}

export async function readDocx(bytes: Buffer): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
  const names = Object.keys(zip.files);
  return {
    document: await read('word/document.xml'),
    footers: await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read)),
    headers: await Promise.all(names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read)),
    media: names.filter((n) => n.startsWith('word/media/')),
  };
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Text of every paragraph, in order. */
export const paragraphs = (xml: string): string[] =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    decode([...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  );

/** Table rows as arrays of cell texts (paragraphs of a cell joined by a line break). */
export const tableRows = (xml: string): string[][] =>
  [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => paragraphs(cell[0]).join('\n')),
  );
