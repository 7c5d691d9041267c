/** The fields of a passage row (passage-rows.ts) that relations act on. */
export interface RelatedRow {
  boilerplate: boolean;
  replacedBy: string | null;
  group: string | null;
  endorses: string | null;
  respondent: string;
  reviewed: boolean;
  alsoSaidBy?: string[];
}

/**
 * What reply relations change in a synopsis (docs/letter-anatomy.md): passages of a replaced reply are left out
 * (kept in the workspace and the export, marked superseded); near-identical passages from several counties are
 * shown once, naming every county that said it; an endorsement reads "schließt sich … an". Pure.
 */
export function prepareSynopsisRows<R extends RelatedRow>(rows: readonly R[]): R[] {
  const live = rows.filter((r) => !r.boilerplate && !r.replacedBy);
  const byGroup = new Map<string, R[]>();
  for (const r of live) if (r.group) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  const out: R[] = [];
  for (const r of live) {
    const members = r.group ? (byGroup.get(r.group) ?? [r]) : [r];
    if (members[0] !== r) continue; // shown with the group's first passage
    if (members.length === 1) {
      out.push(r);
      continue;
    }
    const names = [...new Set(members.map((m) => m.respondent))];
    out.push({
      ...r,
      respondent: names.join(', '),
      reviewed: members.every((m) => m.reviewed),
      alsoSaidBy: names.slice(1),
    });
  }
  return out;
}

/** "Landkreis Goslar schließt sich Niedersächsischer Landkreistag an", one line per endorsing reply. */
export function endorsementLines(rows: readonly RelatedRow[]): string[] {
  const lines = rows
    .filter((r) => r.endorses && !r.boilerplate && !r.replacedBy)
    .map((r) => `${r.respondent} schließt sich ${r.endorses ?? ''} an`);
  return [...new Set(lines)];
}
