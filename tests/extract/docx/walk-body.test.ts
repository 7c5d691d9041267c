import { describe, expect, it } from 'vitest';
import { walkBody } from '../../../src/extract/docx/walk-body.ts';
import { parseXml, wChild } from '../../../src/extract/docx/xml.ts';

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"';

function walk(bodyXml: string) {
  const body = wChild(parseXml(`<w:document ${NS}><w:body>${bodyXml}</w:body></w:document>`).documentElement, 'body');
  if (!body) throw new Error('no body');
  return walkBody(body);
}

const texts = (bodyXml: string) =>
  walk(bodyXml).map((u) => (u.kind === 'paragraph' ? u.paragraph.text : u.paragraphs.map((p) => p.text)));

describe('walkBody', () => {
  it('keeps displayed text: tabs, breaks, hyperlinks, field results; drops field codes and hidden runs', () => {
    const xml =
      '<w:p><w:r><w:t>Nr.</w:t><w:tab/><w:t>7</w:t><w:br/><w:t>zweite Zeile</w:t></w:r></w:p>' +
      '<w:p><w:hyperlink><w:r><w:t>Link</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
      '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>' +
      '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>versteckt</w:t></w:r></w:p>';
    expect(texts(xml)).toEqual(['Nr.\t7\nzweite Zeile', 'Link3']);
  });

  it('looks through content controls and reads text boxes once (mc:Choice, not mc:Fallback)', () => {
    const box = '<w:txbxContent><w:p><w:r><w:t>Kasten</w:t></w:r></w:p></w:txbxContent>';
    const xml =
      '<w:sdt><w:sdtPr><w:alias w:val="Feld"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>im Steuerelement</w:t></w:r></w:p></w:sdtContent></w:sdt>' +
      `<w:p><w:r><w:t>Vor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><wps:txbx>${box}</wps:txbx></mc:Choice>` +
      `<mc:Fallback>${box}</mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    expect(texts(xml)).toEqual(['im Steuerelement', 'Vor\nKasten']);
  });

  it('gives one unit per cell in row order, flattening nested tables, and reads numPr and style', () => {
    const cell = (inner: string) => `<w:tc><w:tcPr/>${inner}</w:tc>`;
    const p = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;
    const nested = `<w:tbl><w:tr>${cell(p('innen'))}</w:tr></w:tbl>`;
    const xml =
      `<w:tbl><w:tr>${cell(p('A1'))}${cell(p('B1'))}</w:tr><w:tr>${cell(p('A2') + nested)}${cell('<w:p/>')}</w:tr></w:tbl>` +
      '<w:p><w:pPr><w:pStyle w:val="Liste"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>';
    const units = walk(xml);
    expect(texts(xml)).toEqual([['A1'], ['B1'], ['A2', 'innen'], [''], 'x']);
    expect(units.at(-1)).toEqual({
      kind: 'paragraph',
      paragraph: { text: 'x', styleId: 'Liste', numId: '3', ilvl: 1 },
    });
  });
});
