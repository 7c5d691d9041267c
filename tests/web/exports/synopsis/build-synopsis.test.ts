import { describe, expect, it } from 'vitest';
import type { Taxonomy } from '../../../../src/core/types.ts';
import type { PassageRow } from '../../../../src/web/exports/passage-rows.ts';
import { buildSynopsis, silentLine, summaryLine } from '../../../../src/web/exports/synopsis/build-synopsis.ts';
import { groupByNearDuplicates } from '../../../../src/web/exports/synopsis/merge-statements.ts';
import { ALL_STATEMENTS } from '../../../../src/web/exports/synopsis/options.ts';
import { stanceChartSvg } from '../../../../src/web/exports/synopsis/stance-chart-svg.ts';
import type { Respondent } from '../../../../src/web/respondents/respondent.ts';

const taxonomy: Taxonomy = {
  id: 't',
  title: 'T',
  deadline: '2024-09-17',
  groups: [{ id: 'A1', label: 'Anlage 1', aliases: ['Anlage 1'] }],
  items: [
    { id: 'A1-X', group: 'A1', number: 1, label: 'X', description: '', keywords: [] },
    { id: 'A1-Y', group: 'A1', number: 2, label: 'Y', description: '', keywords: [] },
  ],
  topics: [],
  stances: [
    { id: 'zustimmung', label: 'Zustimmung', cues: [] },
    { id: 'ablehnung', label: 'Ablehnung', cues: [] },
  ],
  renamed: {},
};
const respondents: Respondent[] = [
  { ags: '1', name: 'A', officialName: 'Landkreis A', landCode: 'NI', land: 'Niedersachsen' },
  { ags: '2', name: 'B', officialName: 'Landkreis B', landCode: 'NI', land: 'Niedersachsen' },
  { ags: '3', name: 'C', officialName: 'Landkreis C', landCode: 'BY', land: 'Bayern' },
  { ags: '4', name: 'D', officialName: 'Landkreis D', landCode: 'BY', land: 'Bayern' },
];
const MODEL = (n: number) =>
  `Die Anforderungen an ärztliche Bescheinigungen sollten gesetzlich präzisiert werden, im Kreis wurden ${n} Abschiebungen abgebrochen.`;

let seq = 0;
const row = (ags: string | null, text: string, o: Partial<PassageRow> = {}): PassageRow => ({
  passageId: `p${++seq}`,
  messageId: `m-${ags ?? 'x'}`,
  documentId: 'd',
  respondent: respondents.find((r) => r.ags === ags)?.officialName ?? 'info@verband.example',
  ags,
  land: null,
  from: null,
  date: null,
  document: 'E-Mail-Text',
  page: null,
  seq,
  text,
  items: ['A1-X'],
  topics: [],
  stance: 'zustimmung',
  confidence: 1,
  tagSource: 'reviewer',
  needsReview: false,
  reviewed: true,
  boilerplate: false,
  group: null,
  replacedBy: null,
  endorses: null,
  ...o,
});

const rows = [
  row('1', MODEL(14)),
  row('2', MODEL(23)),
  row('3', 'Wir lehnen die Änderung ab, sie ist nicht praktikabel.', { stance: 'ablehnung' }),
  row('3', 'Zu Anlage 1 Nr. 1:'),
  row('3', 'Sehr geehrte Damen und Herren,'),
  row('1', 'Briefkopf', { boilerplate: true }),
  row(null, 'Der Verband unterstützt das.', { reviewed: false }),
  row('4', 'Noch nicht geprüft, aber ablehnend.', { stance: null, reviewed: false }),
];

const build = (options = ALL_STATEMENTS) =>
  buildSynopsis({
    rows,
    taxonomy,
    itemTitle: (id) => `Titel ${id}`,
    itemShort: (id) => id,
    respondents,
    repliedAgs: new Set(['1', '2', '3', '4']),
    assessments: [
      { kind: 'item', targetId: 'A1-X', text: 'Bewertung X', version: 1, updatedBy: 'ada', updatedAt: new Date(0) },
    ],
    endorsements: [
      { endorser: 'Landkreis B', endorsed: 'dem Niedersächsischen Landkreistag', items: [] },
      { endorser: 'Landkreis C', endorsed: 'Landkreis A', items: ['A1-Y'] },
    ],
    groupTexts: groupByNearDuplicates,
    options,
  });

describe('buildSynopsis', () => {
  it('groups statements by stance, merges near-duplicates and counts who commented', () => {
    const [x, y] = build().items;
    expect(x?.groups.map((g) => [g.label, g.statements.map((s) => s.respondents)])).toEqual([
      ['Zustimmung', [['Landkreis A', 'Landkreis B'], ['info@verband.example']]],
      ['Ablehnung', [['Landkreis C']]],
      ['ohne Haltung', [['Landkreis D']]],
    ]);
    expect(x?.summary).toMatchObject({
      counties: 4,
      otherSenders: 1,
      lands: ['BY', 'NI'],
      silentCounties: 0,
      endorsements: ['Landkreis B schließt sich dem Niedersächsischen Landkreistag an'],
    });
    expect(x?.assessment?.text).toBe('Bewertung X');
    expect(summaryLine(x!.summary)).toBe(
      '4 Landkreise haben sich geäußert (BY, NI) · weitere Absender: 1 · Zustimmung: 3 · Ablehnung: 1 · ohne Haltung: 1',
    );
    expect(y?.groups).toEqual([]);
    expect(y?.summary.endorsements).toEqual([
      'Landkreis B schließt sich dem Niedersächsischen Landkreistag an',
      'Landkreis C schließt sich Landkreis A an',
    ]);
    expect(silentLine(y!.summary)).toBe('ohne Äußerung: 4 Landkreise (davon 4 mit Antwort, aber ohne Aussage hierzu)');
  });

  it('never counts headings, salutations or boilerplate', () => {
    const texts = build().statements.map((r) => r.text);
    expect(texts).not.toContain('Zu Anlage 1 Nr. 1:');
    expect(texts).not.toContain('Sehr geehrte Damen und Herren,');
    expect(texts).not.toContain('Briefkopf');
    expect(texts).toHaveLength(5);
  });

  it('applies reviewed=only and land= to statements and to the counties in scope', () => {
    const m = build({ reviewedOnly: true, lands: ['BY'], items: ['A1-X'] });
    expect(m.items.map((i) => i.id)).toEqual(['A1-X']);
    expect(m.countiesInScope).toBe(2);
    expect(m.items[0]?.summary).toMatchObject({ counties: 1, otherSenders: 0, silentCounties: 1, silentButReplied: 1 });
    expect(m.statementCount).toBe(1);
  });

  it('draws one bar per item with a segment per stance, escaping labels', () => {
    const svg = stanceChartSvg(build().items, [
      { id: 'zustimmung', label: 'Zustimmung <&>' },
      { id: 'ablehnung', label: 'Ablehnung' },
    ]);
    expect(svg).toContain('Zustimmung &lt;&amp;&gt;');
    expect(svg.match(/<title>/g)).toHaveLength(3); // A1-X: Zustimmung, Ablehnung, ohne Haltung; A1-Y: none
    expect(svg).toContain('<title>Zustimmung: 3</title>');
  });
});
