import type { SubjectArguments } from '../../core/argument-types.ts';
import type { PassageRow } from './passage-rows.ts';

export interface RespondentRef {
  ags: string | null;
  name: string;
  land: string | null;
}

/** An argument with who made it: what the API, the view and the synopsis show. */
export interface ArgumentSummary {
  id: string;
  label: string;
  representative: PassageRow;
  passages: PassageRow[];
  /** Distinct respondents (a county that said it twice counts once), by name. */
  respondents: RespondentRef[];
  laender: string[];
  stances: Record<string, number>;
  reviewed: boolean;
}

export interface ItemArguments {
  item: string;
  arguments: ArgumentSummary[];
  unassigned: PassageRow[];
  /** The stored grouping predates the current tags: passages new to the item are listed as unassigned meanwhile. */
  stale: boolean;
}

/**
 * The stored grouping of an item joined with its current statement passages: passages that left the item are dropped,
 * passages new to it wait among the unassigned until the next recomputation (so every current passage appears exactly
 * once). Arguments are ranked by the number of respondents, then passages, then label — the order of the synopsis.
 */
export function summarizeItemArguments(
  grouping: SubjectArguments,
  rows: readonly PassageRow[],
  stanceIds: readonly string[],
): ItemArguments {
  const current = new Map(
    rows.filter((r) => !r.boilerplate && r.items.includes(grouping.subject)).map((r) => [r.passageId, r]),
  );
  const placed = new Set<string>();
  const summaries: ArgumentSummary[] = [];
  for (const a of grouping.arguments) {
    const passages = a.passages.flatMap((id) => current.get(id) ?? []);
    if (passages.length === 0) continue;
    passages.forEach((p) => placed.add(p.passageId));
    const respondents = new Map<string, RespondentRef>();
    for (const p of passages) respondents.set(p.ags ?? p.respondent, { ags: p.ags, name: p.respondent, land: p.land });
    const stances = Object.fromEntries(stanceIds.map((s) => [s, 0]));
    for (const p of passages) if (p.stance) stances[p.stance] = (stances[p.stance] ?? 0) + 1;
    summaries.push({
      id: a.id,
      label: a.label,
      representative: current.get(a.representative) ?? passages[0]!,
      passages,
      respondents: [...respondents.values()].sort((x, y) => x.name.localeCompare(y.name, 'de')),
      laender: [...new Set(passages.flatMap((p) => (p.land ? [p.land] : [])))].sort(),
      stances,
      reviewed: a.reviewed,
    });
  }
  summaries.sort(
    (x, y) =>
      y.respondents.length - x.respondents.length ||
      y.passages.length - x.passages.length ||
      x.label.localeCompare(y.label, 'de'),
  );
  const unassigned = [...current.values()].filter((r) => !placed.has(r.passageId));
  const stored = new Set([...grouping.arguments.flatMap((a) => a.passages), ...grouping.unassigned]);
  const stale = [...current.keys()].some((id) => !stored.has(id));
  return { item: grouping.subject, arguments: summaries, unassigned, stale };
}

/** The JSON of GET /api/items/{item}/arguments. */
export function argumentsJson(a: ItemArguments) {
  return {
    item: a.item,
    arguments: a.arguments.map((s) => ({
      id: s.id,
      label: s.label,
      representative: s.representative.passageId,
      passages: s.passages.map((p) => p.passageId),
      respondents: s.respondents,
      laender: s.laender,
      stances: s.stances,
      reviewed: s.reviewed,
    })),
    unassigned: a.unassigned.map((p) => p.passageId),
    stale: a.stale,
  };
}
