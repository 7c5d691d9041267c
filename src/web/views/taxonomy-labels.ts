import type { Taxonomy, TagDimension } from '../../core/types.ts';

export interface LabelOption {
  id: string;
  label: string;
  /** "Anlage 1 Nr. 7": what a reviewer recognises at a glance. */
  short: string;
  /** For items: the group id and the number reviewers type. */
  group?: string;
  number?: string;
}

/** Display names for tag ids: "Anlage 1 Nr. 7 – Reisefähigkeit …" for items, labels for topics and stances. */
export function taxonomyOptions(t: Taxonomy): Record<TagDimension, LabelOption[]> {
  const groupName = new Map(t.groups.map((g) => [g.id, g.aliases[0] ?? g.id]));
  return {
    item: t.items.map((i) => ({
      id: i.id,
      label: `${groupName.get(i.group) ?? i.group} Nr. ${i.number} – ${i.label}`,
      short: `${groupName.get(i.group) ?? i.group} Nr. ${i.number}`,
      group: i.group,
      number: String(i.number),
    })),
    topic: t.topics.map((x) => ({ id: x.id, label: x.label, short: x.label })),
    stance: t.stances.map((x) => ({ id: x.id, label: x.label, short: x.label })),
  };
}

export function labelOf(options: Record<TagDimension, LabelOption[]>, dimension: TagDimension, id: string): string {
  return options[dimension].find((o) => o.id === id)?.label ?? id;
}

export function shortLabelOf(
  options: Record<TagDimension, LabelOption[]>,
  dimension: TagDimension,
  id: string,
): string {
  return options[dimension].find((o) => o.id === id)?.short ?? id;
}

/** Names in an instructive-order reason: "Anlage 1 Nr. 3" for an item, the stance's label. */
export function reasonLabels(t: Taxonomy): { item: (id: string) => string; stance: (id: string) => string } {
  const options = taxonomyOptions(t);
  return {
    item: (id) => shortLabelOf(options, 'item', id),
    stance: (id) => shortLabelOf(options, 'stance', id),
  };
}
