import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../../src/cli/commands/export.ts';
import type { PassageRecord } from '../../../src/store/passage-records.ts';

const record: PassageRecord = {
  id: 'psg_1',
  pipelineId: 'rueckfuehrung-2024',
  message: {
    messageId: '<a@lk.de>',
    from: 'poststelle@lk.de',
    subject: 'Stellungnahme',
    date: '2024-09-12T08:00:00.000Z',
  },
  source: { kind: 'attachment', filename: 'brief.pdf', page: 2 },
  seq: 3,
  text: '=HYPERLINK("http://evil.example","Anlage 1 Nr. 7")',
  items: ['A1.7', 'A1.8'],
  topics: [],
  stance: 'zustimmung',
  confidence: 0.8123,
  tagSource: 'model',
  needsReview: false,
  boilerplate: null,
  isBoilerplate: false,
  respondent: { ags: '03454', confidence: 0.9 },
  reviewed: true,
  group: null,
};

describe('export --format csv', () => {
  it('writes the contract’s columns in order, lists joined, and never a live formula from mail text', () => {
    const lookup = () => ({ ags: '03454', officialName: 'Landkreis Emsland', landCode: 'NI' }) as never;
    const [header, row] = parse(formatCsv([record], lookup)) as string[][];
    expect(header).toEqual([
      'id',
      'messageId',
      'from',
      'subject',
      'date',
      'sourceKind',
      'filename',
      'page',
      'seq',
      'text',
      'items',
      'topics',
      'stance',
      'confidence',
      'tagSource',
      'boilerplate',
      'boilerplateKind',
      'respondentAgs',
      'respondentName',
      'respondentLand',
      'respondentConfidence',
      'reviewed',
      'group',
    ]);
    const cell = Object.fromEntries((header ?? []).map((h, i) => [h, row?.[i]]));
    expect(cell).toMatchObject({
      id: 'psg_1',
      page: '2',
      text: `'=HYPERLINK("http://evil.example","Anlage 1 Nr. 7")`,
      items: 'A1.7;A1.8',
      topics: '',
      confidence: '0.812',
      respondentName: 'Landkreis Emsland',
      respondentLand: 'NI',
      reviewed: 'true',
      boilerplate: 'false',
      group: '',
    });
  });
});
