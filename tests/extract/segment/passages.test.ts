import { describe, expect, it } from 'vitest';
import { assembleDocument, type BlockDraft } from '../../../src/extract/segment/assemble.ts';
import { markBoilerplate } from '../../../src/extract/segment/boilerplate.ts';
import { buildPassages } from '../../../src/extract/segment/passages.ts';
import { textToBlocks } from '../../../src/extract/segment/text-blocks.ts';

const LETTER = [
  'Landratsamt Musterkreis',
  'Ausländerbehörde',
  '',
  'Sehr geehrte Damen und Herren,',
  '',
  'Zu Anlage 1 Nr. 7',
  '',
  'Atteste kommen zu spät.',
  '',
  'Wir regen eine Frist an.',
  '',
  'Mit freundlichen Grüßen',
  '',
  'Max Muster',
  '',
  'Diese E-Mail enthält vertrauliche Informationen.',
].join('\n');

const doc = (drafts: BlockDraft[]) =>
  assembleDocument('text', markBoilerplate(drafts), { pageCount: null, maxTextChars: 10_000 });

describe('buildPassages', () => {
  it('makes paragraphs passages under their heading, and boilerplate passages of its own kind', () => {
    const passages = buildPassages(doc(textToBlocks(LETTER, null)));
    expect(passages.map((p) => [p.seq, p.boilerplate, p.heading, p.text])).toEqual([
      [0, 'letterhead', null, 'Landratsamt Musterkreis Ausländerbehörde'],
      [1, 'salutation', null, 'Sehr geehrte Damen und Herren,'],
      [2, null, 'Zu Anlage 1 Nr. 7', 'Atteste kommen zu spät.'],
      [3, null, 'Zu Anlage 1 Nr. 7', 'Wir regen eine Frist an.'],
      [4, 'closing', 'Zu Anlage 1 Nr. 7', 'Mit freundlichen Grüßen'],
      [5, 'signature', 'Zu Anlage 1 Nr. 7', 'Max Muster'],
      [6, 'footer', 'Zu Anlage 1 Nr. 7', 'Diese E-Mail enthält vertrauliche Informationen.'],
    ]);
  });

  it('keeps offsets that point back into the document text', () => {
    const d = doc(textToBlocks(LETTER, null));
    for (const p of buildPassages(d)) expect(d.text.slice(p.start, p.end).replace(/\n\n/g, '\n')).toBe(p.text);
  });

  it('joins a table of short cells into one passage, keeps long cells apart', () => {
    const cell = (text: string): BlockDraft => ({ kind: 'table_cell', text, page: null });
    const long = 'Die Regelung zur Reisefähigkeit sollte ergänzt werden, weil Atteste zu spät kommen.';
    const passages = buildPassages(doc([cell('Jahr'), cell('2023'), cell(long), cell(long + ' Zweitens.')]));
    expect(passages.map((p) => p.text)).toEqual(['Jahr\n2023', long, long + ' Zweitens.']);
  });

  it('turns a document of a heading only into a passage rather than nothing', () => {
    expect(buildPassages(doc(textToBlocks('Zu Anlage 1:', null))).map((p) => p.text)).toEqual(['Zu Anlage 1:']);
  });
});
