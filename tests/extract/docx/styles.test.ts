import { describe, expect, it } from 'vitest';
import { headingLevel, numberingStyleIds, parseStyles, styleNumbering } from '../../../src/extract/docx/styles.ts';
import { parseXml } from '../../../src/extract/docx/xml.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const STYLES = parseStyles(
  parseXml(`<w:styles xmlns:w="${W}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Standard"/></w:style>
  <w:style w:type="paragraph" w:styleId="berschrift3"><w:name w:val="Überschrift 3"/></w:style>
  <w:style w:type="paragraph" w:styleId="MeinTitel"><w:name w:val="Mein Titel"/><w:basedOn w:val="berschrift1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Antrag"><w:name w:val="Antrag"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="AntragEingerueckt"><w:basedOn w:val="Antrag"/></w:style>
  <w:style w:type="numbering" w:styleId="Gliederung"><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
</w:styles>`),
);

describe('styles', () => {
  it('recognises headings by English name, German name and German id, also through basedOn', () => {
    expect(headingLevel(STYLES, 'berschrift1')).toBe(1);
    expect(headingLevel(STYLES, 'berschrift3')).toBe(3);
    expect(headingLevel(STYLES, 'MeinTitel')).toBe(1);
    expect(headingLevel(STYLES, 'Standard')).toBeNull();
    expect(headingLevel(STYLES, null)).toBeNull();
  });

  it('inherits style numbering and survives basedOn cycles', () => {
    expect(styleNumbering(STYLES, 'AntragEingerueckt')).toEqual({ numId: '4', ilvl: null });
    expect(styleNumbering(STYLES, 'Loop1')).toBeNull();
    expect(STYLES.defaultParagraph).toBe('Standard');
    expect(numberingStyleIds(STYLES)).toEqual(new Map([['Gliederung', '9']]));
  });
});
