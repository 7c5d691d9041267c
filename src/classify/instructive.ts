import type { Instructiveness } from '../core/types.ts';
import type { ModelPrediction } from './model/predict.ts';

/**
 * How much a reviewer's decision on a passage would teach, for the review queue's "lehrreich zuerst" order
 * (active learning by uncertainty sampling, weighted by rarity). Three uncertainties, each in [0, 1]:
 * - items: 1 − (p₁ − p₂), the margin between the model's two most probable items (the gate being open);
 * - gate: 1 − |p − cut| / (the room on that side of the cut-off): 1 at the cut-off, 0 at certainty;
 * - stance: 1 − (p₁ − p₂) between the two most probable stances.
 * The largest decides (a correction settles that question), multiplied by 1 + 1/√(1 + n), n the reviewer and
 * imported examples of the item concerned (the rarer of the two best): an item nobody labelled yet doubles the
 * score, one with 80 examples adds a tenth. A passage citing its items ("zu Nr. 7") has no item or gate uncertainty
 * (its stance remains), its cited items weigh; one the reviewer memory decided gets 1 − similarity (little is left
 * to learn from it); one the model took for a formality, the boilerplate head's distance to its cut-off.
 */
export function instructiveness(
  prediction: Pick<ModelPrediction, 'items' | 'stance' | 'gate'>,
  gateCut: number,
  examplesPerItem: ReadonlyMap<string, number>,
  opts: { cited?: readonly string[] } = {},
): Instructiveness {
  const cited = opts.cited ?? [];
  const items = cited.length > 0 ? [] : ranked(prediction.items);
  const [i1, i2] = items;
  const itemPart = i1 ? { best: i1[0], second: i2?.[0] ?? null, margin: i1[1] - (i2?.[1] ?? 0) } : null;
  const gate = cited.length > 0 ? null : { p: prediction.gate, cut: gateCut };
  const [s1, s2] = ranked(prediction.stance);
  const stance = s1 && s2 ? { best: s1[0], second: s2[0], margin: s1[1] - s2[1] } : null;
  const parts: [Instructiveness['kind'], number][] = [
    ['items', itemPart ? 1 - itemPart.margin : 0],
    ['gate', gate ? gateUncertainty(gate.p, gate.cut) : 0],
    ['stance', stance ? 1 - stance.margin : 0],
  ];
  const [kind, uncertainty] = parts.reduce((a, p) => (p[1] > a[1] ? p : a));
  const candidates =
    cited.length > 0
      ? cited
      : kind === 'items' && itemPart
        ? [itemPart.best, itemPart.second]
        : [itemPart?.best ?? null];
  const rare = candidates
    .filter((c): c is string => c !== null)
    .map((item) => ({ item, examples: examplesPerItem.get(item) ?? 0 }))
    .reduce<Instructiveness['rare']>((a, c) => (a === null || c.examples < a.examples ? c : a), null);
  const weight = rare ? rarityWeight(rare.examples) : 1;
  return {
    score: round(uncertainty * weight),
    uncertainty: round(uncertainty),
    kind,
    items: itemPart ? { ...itemPart, margin: round(itemPart.margin) } : null,
    gate: gate ? { p: round(gate.p), cut: gate.cut } : null,
    stance: stance ? { ...stance, margin: round(stance.margin) } : null,
    rare,
    weight: round(weight),
  };
}

/** A passage the reviewer memory tagged: what a reviewer would add is the doubt of the match. */
export function rememberedInstructiveness(similarity: number): Instructiveness {
  const uncertainty = round(1 - similarity);
  return {
    score: uncertainty,
    uncertainty,
    kind: 'memory',
    items: null,
    gate: null,
    stance: null,
    rare: null,
    weight: 1,
    similarity: round(similarity),
  };
}

/** A passage the boilerplate head took for a formality: how close that call was to its cut-off. */
export function boilerplateInstructiveness(p: number, cut: number): Instructiveness {
  const uncertainty = round(gateUncertainty(p, cut));
  return {
    score: uncertainty,
    uncertainty,
    kind: 'boilerplate',
    items: null,
    gate: { p: round(p), cut },
    stance: null,
    rare: null,
    weight: 1,
  };
}

export const rarityWeight = (examples: number): number => 1 + 1 / Math.sqrt(1 + Math.max(0, examples));

/** 1 at the cut-off, 0 at 0 or 1: the distance measured against the room on its side. */
export function gateUncertainty(p: number, cut: number): number {
  const room = p >= cut ? 1 - cut : cut;
  return room <= 0 ? 0 : Math.max(0, 1 - Math.abs(p - cut) / room);
}

/** Reviewer and imported examples per item (the labels of every remembered passage that decided its items). */
export function examplesPerItem(passages: readonly { items?: readonly string[] | undefined }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of passages) for (const item of new Set(p.items ?? [])) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Labels for the reason: an item's short title ("Anlage 1 Nr. 3"), a stance's name. */
export interface ReasonLabels {
  item: (id: string) => string;
  stance: (id: string) => string;
}

const de = (x: number, digits = 2) => x.toFixed(digits).replace('.', ',');

/**
 * The reason for a passage's place in the order, in German, e.g. "Unsicher zwischen Anlage 1 Nr. 3 und Anlage 1
 * Nr. 4 (Abstand 0,04); Anlage 1 Nr. 3 hat erst 2 geprüfte Beispiele".
 */
export function instructiveReason(w: Instructiveness, labels: ReasonLabels): string {
  const main = mainReason(w, labels);
  if (!w.rare || w.kind === 'memory') return main;
  const name = labels.item(w.rare.item);
  const n = w.rare.examples;
  const count =
    n === 0
      ? `${name} hat noch kein geprüftes Beispiel`
      : n === 1
        ? `${name} hat erst 1 geprüftes Beispiel`
        : `${name} hat ${n < 10 ? 'erst ' : ''}${n} geprüfte Beispiele`;
  return `${main}; ${count}`;
}

/** From this uncertainty on a reason speaks of doubt; below, of a call that is fairly sure. */
const DOUBT = 0.5;

function mainReason(w: Instructiveness, labels: ReasonLabels): string {
  const sure = w.uncertainty < DOUBT;
  switch (w.kind) {
    case 'memory':
      return `Vom Gedächtnis übernommen (${Math.round((w.similarity ?? 0) * 100)} % wie ein geprüfter Abschnitt)`;
    case 'boilerplate':
      return `${sure ? 'Recht sicher eine Formalie' : 'Grenzfall, ob Formalie'} (${de(w.gate?.p ?? 0)} bei Schwelle ${de(w.gate?.cut ?? 0)})`;
    case 'items': {
      const best = labels.item(w.items?.best ?? '');
      const margin = de(w.items?.margin ?? 0);
      if (!w.items?.second) return `${sure ? 'Recht sicher' : 'Unsicher, ob'} ${best} (Abstand ${margin})`;
      const second = labels.item(w.items.second);
      return sure
        ? `Recht sicher: ${best} vor ${second} (Abstand ${margin})`
        : `Unsicher zwischen ${best} und ${second} (Abstand ${margin})`;
    }
    case 'gate': {
      const figures = `(${de(w.gate?.p ?? 0)} bei Schwelle ${de(w.gate?.cut ?? 0)})`;
      return sure
        ? `Recht sicher, ${(w.gate?.p ?? 0) >= (w.gate?.cut ?? 0) ? 'dass' : 'dass keine'} Nummer angesprochen ist ${figures}`
        : `Grenzfall, ob überhaupt eine Nummer angesprochen ist ${figures}`;
    }
    case 'stance': {
      const best = labels.stance(w.stance?.best ?? '');
      const second = labels.stance(w.stance?.second ?? '');
      const margin = de(w.stance?.margin ?? 0);
      return sure
        ? `Haltung recht sicher: ${best} vor ${second} (Abstand ${margin})`
        : `Haltung unklar zwischen ${best} und ${second} (Abstand ${margin})`;
    }
  }
}

const ranked = (scores: ReadonlyMap<string, number>): [string, number][] =>
  [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

const round = (x: number) => Math.round(x * 10000) / 10000;
