import type { Taxonomy } from '../../../core/types.ts';
import type { Assessment } from '../../../store/assessments.ts';
import type { Respondent } from '../../respondents/respondent.ts';
import type { PassageRow } from '../passage-rows.ts';
import { endorsementLines, type EndorsementRecord } from './endorsements.ts';
import { mergeStatements, type GroupTexts, type Statement } from './merge-statements.ts';
import type { SynopsisOptions } from './options.ts';
import { isStatement } from './statement-filter.ts';

export interface StanceGroup {
  stance: string | null;
  label: string;
  statements: Statement[];
  passageCount: number;
}

export interface StanceCount {
  stance: string | null;
  label: string;
  /** Distinct Landkreise (or other senders) with at least one statement of this stance. */
  respondents: number;
  passages: number;
}

export interface ItemSummary {
  /** Distinct Landkreise (by AGS) with a statement on the item. */
  counties: number;
  /** Senders that are not a known Landkreis (a Landesverband, an unknown address). */
  otherSenders: number;
  stances: StanceCount[];
  /** Land codes of the commenting counties, sorted. */
  lands: string[];
  endorsements: string[];
  /** Landkreise in scope (all, or those of the chosen Länder) without a statement on the item. */
  silentCounties: number;
  /** …of which replied to the consultation, but said nothing on this item. */
  silentButReplied: number;
}

export interface SynopsisItemModel {
  id: string;
  title: string;
  short: string;
  group: string;
  description: string;
  assessment: Assessment | null;
  summary: ItemSummary;
  groups: StanceGroup[];
}

export interface SynopsisModel {
  options: SynopsisOptions;
  /** Every statement in scope (options applied, boilerplate, headings and salutations left out), tagged or not. */
  statements: PassageRow[];
  items: SynopsisItemModel[];
  /** Assessments per passage id, for the column beside each statement. */
  passageAssessments: ReadonlyMap<string, Assessment>;
  /** Landkreise in scope and how many of them replied at all. */
  countiesInScope: number;
  countiesReplied: number;
  statementCount: number;
}

export interface SynopsisInput {
  rows: readonly PassageRow[];
  taxonomy: Taxonomy;
  itemTitle: (id: string) => string;
  itemShort: (id: string) => string;
  respondents: readonly Respondent[];
  /** AGS of every county a reply is attributed to (a Fehlanzeige counts). */
  repliedAgs: ReadonlySet<string>;
  assessments: readonly Assessment[];
  endorsements: readonly EndorsementRecord[];
  groupTexts: GroupTexts;
  options: SynopsisOptions;
}

/**
 * The synopsis as data, the same for the page, the Word and the Excel file: per item the statements (never
 * boilerplate, headings or salutations) grouped by stance in the taxonomy's order, near-identical ones merged, and
 * a summary of who commented. Pure.
 */
export function buildSynopsis(input: SynopsisInput): SynopsisModel {
  const { taxonomy, options } = input;
  const landOf = new Map(input.respondents.map((r) => [r.ags, r.landCode]));
  const inScope = input.respondents.filter((r) => options.lands.length === 0 || options.lands.includes(r.landCode));
  const scopeAgs = new Set(inScope.map((r) => r.ags));
  const statements = input.rows.filter(
    (r) =>
      isStatement(r) &&
      (!options.reviewedOnly || r.reviewed) &&
      (options.lands.length === 0 || (r.ags !== null && scopeAgs.has(r.ags))),
  );
  const stanceIds: (string | null)[] = [...taxonomy.stances.map((s) => s.id), null];
  const stanceLabel = (id: string | null) =>
    id ? (taxonomy.stances.find((s) => s.id === id)?.label ?? id) : 'ohne Haltung';
  const itemAssessment = new Map(input.assessments.filter((a) => a.kind === 'item').map((a) => [a.targetId, a]));
  const items = taxonomy.items
    .filter((i) => options.items.length === 0 || options.items.includes(i.id))
    .map((item): SynopsisItemModel => {
      const tagged = statements.filter((r) => r.items.includes(item.id));
      const counties = new Set(tagged.flatMap((r) => (r.ags ? [r.ags] : [])));
      const groups = stanceIds
        .map((s) => {
          const rows = tagged.filter((r) => (r.stance ?? null) === s);
          return {
            stance: s,
            label: stanceLabel(s),
            statements: mergeStatements(rows, input.groupTexts),
            passageCount: rows.length,
          };
        })
        .filter((g) => g.passageCount > 0);
      const silent = inScope.filter((r) => !counties.has(r.ags));
      return {
        id: item.id,
        title: input.itemTitle(item.id),
        short: input.itemShort(item.id),
        group: item.group,
        description: item.description,
        assessment: itemAssessment.get(item.id) ?? null,
        summary: {
          counties: counties.size,
          otherSenders: new Set(tagged.filter((r) => !r.ags).map((r) => r.respondent)).size,
          stances: groups.map((g) => ({
            stance: g.stance,
            label: g.label,
            respondents: new Set(g.statements.flatMap((s) => s.respondents)).size,
            passages: g.passageCount,
          })),
          lands: [...new Set([...counties].map((a) => landOf.get(a) ?? '?'))].sort(),
          endorsements: endorsementLines(input.endorsements, item.id),
          silentCounties: silent.length,
          silentButReplied: silent.filter((r) => input.repliedAgs.has(r.ags)).length,
        },
        groups,
      };
    });
  return {
    options,
    statements,
    items,
    passageAssessments: new Map(input.assessments.filter((a) => a.kind === 'passage').map((a) => [a.targetId, a])),
    countiesInScope: inScope.length,
    countiesReplied: inScope.filter((r) => input.repliedAgs.has(r.ags)).length,
    statementCount: new Set(
      items.flatMap((i) => i.groups.flatMap((g) => g.statements.flatMap((s) => s.passages.map((p) => p.passageId)))),
    ).size,
  };
}

/** "12 Landkreise aus BY, NI, SH · Zustimmung 5 · Ablehnung 3 · ohne Äußerung: 282 Landkreise": one line per item. */
export function summaryLine(s: ItemSummary): string {
  const parts = [
    `${s.counties} ${s.counties === 1 ? 'Landkreis hat' : 'Landkreise haben'} sich geäußert${s.lands.length ? ` (${s.lands.join(', ')})` : ''}`,
    ...(s.otherSenders ? [`weitere Absender: ${s.otherSenders}`] : []),
    ...s.stances.map((x) => `${x.label}: ${x.respondents}`),
  ];
  return parts.join(' · ');
}

export const silentLine = (s: ItemSummary): string =>
  `ohne Äußerung: ${s.silentCounties} ${s.silentCounties === 1 ? 'Landkreis' : 'Landkreise'}` +
  (s.silentButReplied ? ` (davon ${s.silentButReplied} mit Antwort, aber ohne Aussage hierzu)` : '');
