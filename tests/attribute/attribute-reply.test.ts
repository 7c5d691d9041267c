import { beforeAll, describe, expect, it } from 'vitest';
import { attributeReply, type ReplyEvidence } from '../../src/attribute/attribute-reply.ts';
import type { Respondent } from '../../src/core/respondent.ts';
import { parseDomainTable } from '../../src/config/respondent-domains.ts';
import { loadRespondents } from '../../src/config/respondents.ts';

const evidence = (o: Partial<ReplyEvidence>): ReplyEvidence => ({
  fromName: null,
  fromAddress: null,
  subject: null,
  filenames: [],
  letterParts: null,
  ...o,
});

describe('attributing a reply from all its evidence', () => {
  let all: Respondent[];
  beforeAll(async () => {
    all = await loadRespondents('pipelines/rueckfuehrung-2024');
  });
  const table = parseDomainTable('domain,ags,source\nkreis-hz.de,15085,test\n');
  const attribute = (o: Partial<ReplyEvidence>) => attributeReply(evidence(o), all, { table, learned: new Map() });

  it('never attributes on a display name alone, and sends such a reply to review', () => {
    const a = attribute({ fromName: 'Landkreis Harz', fromAddress: 'k.meier1984@gmail.com' });
    expect(a.respondent).toBeNull();
    expect(a.needsReview).toBe(true);
    expect(a.reason).toMatch(/display name/);
  });

  it('lets the display name support other evidence for the same county', () => {
    const a = attribute({ fromName: 'Landkreis Harz', fromAddress: 'poststelle@kreis-hz.de' });
    expect(a.respondent?.ags).toBe('15085');
    expect(a.confidence).toBeGreaterThan(0.85);
    expect(a.needsReview).toBe(false);
  });

  it('adds up domain, letterhead, subject and file name for one county', () => {
    const a = attribute({
      fromAddress: 'heike.brinkmann@emsland.de',
      subject: 'Stellungnahme LK Emsland',
      filenames: ['Stellungnahme_LK_Emsland.docx'],
      letterParts: 'Landkreis Emsland\nDer Landrat',
    });
    expect(a.respondent?.ags).toBe('03454');
    expect(a.clues.map((c) => c.source).sort()).toEqual(['domain-name', 'filename', 'letterhead', 'subject']);
    expect(a.confidence).toBeGreaterThan(0.95);
  });

  it('lowers the confidence and asks for review when the evidence names two counties', () => {
    const a = attribute({ fromAddress: 'poststelle@kreis-hz.de', letterParts: 'Landratsamt Rosenheim' });
    expect(a.respondent?.ags).toBe('15085');
    expect(a.confidence).toBeLessThan(0.7);
    expect(a.needsReview).toBe(true);
    expect(a.reason).toMatch(/but also: named in letterhead/);
  });

  it('rejects a domain table that lists a domain twice or names no AGS', () => {
    expect(() => parseDomainTable('domain,ags,source\nx.de,15085,a\nx.de,09187,b\n')).toThrow(/listed for 15085/);
    expect(() => parseDomainTable('domain,ags,source\nx.de,harz,a\n')).toThrow(/5-digit AGS/);
  });
});
