import { describe, expect, it } from 'vitest';
import { endorsementLines, prepareSynopsisRows, type RelatedRow } from '../../../src/web/exports/synopsis-relations.ts';

const row = (o: Partial<RelatedRow> & { text: string }): RelatedRow & { text: string } => ({
  boilerplate: false,
  replacedBy: null,
  group: null,
  endorses: null,
  respondent: 'Landkreis A',
  reviewed: true,
  ...o,
});

describe('synopsis rows under reply relations', () => {
  it('drops boilerplate and replaced replies, and shows a group once with every county', () => {
    const rows = [
      row({ text: 'Kopf', boilerplate: true }),
      row({ text: 'alt', replacedBy: 'msg_x' }),
      row({ text: 'Muster A', group: 'g1', respondent: 'Landkreis Celle' }),
      row({ text: 'eigen', respondent: 'Landkreis Celle' }),
      row({ text: 'Muster B', group: 'g1', respondent: 'Heidekreis', reviewed: false }),
    ];
    expect(prepareSynopsisRows(rows).map((r) => [r.text, r.respondent, r.reviewed, r.alsoSaidBy ?? []])).toEqual([
      ['Muster A', 'Landkreis Celle, Heidekreis', false, ['Heidekreis']],
      ['eigen', 'Landkreis Celle', true, []],
    ]);
  });

  it('says who endorses whom, once per reply, ignoring replaced replies', () => {
    const rows = [
      row({ text: 'x', respondent: 'Landkreis Goslar', endorses: 'Niedersächsischer Landkreistag' }),
      row({ text: 'y', respondent: 'Landkreis Goslar', endorses: 'Niedersächsischer Landkreistag' }),
      row({ text: 'z', respondent: 'Landkreis B', endorses: 'Landkreis C', replacedBy: 'msg_1' }),
    ];
    expect(endorsementLines(rows)).toEqual(['Landkreis Goslar schließt sich Niedersächsischer Landkreistag an']);
  });
});
