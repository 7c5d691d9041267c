import type { Instructiveness, Passage, Tag, Taxonomy } from '../core/types.ts';
import { combineTags } from './combine-tags.ts';
import { boilerplateInstructiveness, instructiveness, rememberedInstructiveness } from './instructive.ts';
import { keywordIndex } from './keywords.ts';
import type { Predictor } from './model/predict.ts';
import { rememberedTags, type ReviewerMemory } from './reviewer-memory.ts';
import { findReferences, groupMatcher, listedItemReference, type GroupMatcher } from './references.ts';
import { round, stanceFor } from './stance.ts';

/**
 * The version of the rules and the combiner. Stored in `tags.model_version` when no model took part; with a model
 * the model's own version is stored (models record the feature version they were built for, see features.ts).
 */
export const CLASSIFIER_VERSION = 'rules-2';

/** What `tags.model_version` records for a run: the model's version, or the rules' alone. */
export const producedBy = (model: Pick<Predictor, 'version'> | null | undefined): string =>
  model?.version ?? CLASSIFIER_VERSION;

export interface PassageTags {
  seq: number;
  items: Tag[];
  topics: Tag[];
  stance: Tag;
  needsReview: boolean;
  /** What a reviewer's decision would teach (null: boilerplate, or the rules ran alone). */
  instructive: Instructiveness | null;
}

export interface ClassifyOptions {
  /** Below this confidence a passage is marked for review. */
  reviewThreshold: number;
  /** A trained model to combine with the rules; without one, the rules alone tag. */
  model?: Predictor | null;
  /** Reviewers' and imports' decisions: a passage (nearly) repeating one gets its tags (source `memory`). */
  memory?: ReviewerMemory | null;
}

const MIN_KEYWORD_SCORE = 0.4;
const CONFIDENCE = { explicit: 0.95, heading: 0.9, listed: 0.8, context: 0.75 } as const;

/**
 * Tags a document's passages in reading order. Explicit references are the strongest signal; the annex named in a
 * heading or earlier passage carries over to "Nr. 7" further down; keywords fill in where nobody cited a number.
 */
export function classifyPassages(
  passages: readonly Passage[],
  taxonomy: Taxonomy,
  opts: ClassifyOptions,
): PassageTags[] {
  const groups = groupMatcher(taxonomy);
  const neutral = neutralStance(taxonomy);
  let context: string | null = null;
  return passages.map((p) => {
    if (p.boilerplate) return boilerplateTags(p, neutral);
    const tagged = machineTags(p);
    const recalled = opts.memory?.recall(p.text);
    return recalled
      ? {
          ...rememberedTags(tagged, recalled, opts.reviewThreshold),
          instructive: tagged.instructive && rememberedInstructiveness(recalled.similarity),
        }
      : tagged;
  });

  function machineTags(p: Passage): PassageTags {
    context = (p.heading && groups.named(p.heading)) ?? context;
    const ruleItems = itemTags(p, taxonomy, groups, context);
    context = groups.named(p.text) ?? context;
    const rules = {
      items: ruleItems,
      topics: keywordTags('topic', p.text, keywordIndex(taxonomy.topics)),
      stance: stanceFor(p.text, taxonomy, neutral),
    };
    const prediction = opts.model?.predict(p.text);
    // A formality extraction did not recognise (no position in a letter to go by: a standalone text, a pasted
    // greeting) — unless the author cited an item in it.
    // Its confidence is the model's, so the usual review rule applies: a doubtful call is shown to a reviewer.
    if (
      opts.model &&
      prediction &&
      prediction.boilerplate >= opts.model.thresholds.boilerplate &&
      !ruleItems.some(isReference)
    ) {
      const tags = boilerplateTags(
        { ...p, boilerplate: `model ${prediction.boilerplate.toFixed(2)}` },
        neutral,
        round(prediction.boilerplate),
      );
      return {
        ...tags,
        needsReview: tags.stance.confidence < opts.reviewThreshold,
        instructive: boilerplateInstructiveness(prediction.boilerplate, opts.model.thresholds.boilerplate),
      };
    }
    const { items, topics, stance } =
      opts.model && prediction ? combineTags(rules, prediction, opts.model.thresholds) : rules;
    const lowest = Math.min(stance.confidence, ...items.map((t) => t.confidence));
    const needsReview = lowest < opts.reviewThreshold || items.length + topics.length === 0;
    const instructive =
      opts.model && prediction
        ? instructiveness(prediction, opts.model.thresholds.gate, opts.memory?.examplesPerItem ?? NO_EXAMPLES, {
            cited: ruleItems.filter(isReference).map((t) => t.label),
          })
        : null;
    return { seq: p.seq, items, topics, stance, needsReview, instructive };
  }
}

function itemTags(p: Passage, taxonomy: Taxonomy, groups: GroupMatcher, context: string | null): Tag[] {
  const tags = new Map<string, Tag>();
  for (const ref of findReferences(p.text, taxonomy, groups, context)) {
    const confidence = ref.groupFrom === 'explicit' ? CONFIDENCE.explicit : CONFIDENCE.context;
    tags.set(ref.itemId, {
      dimension: 'item',
      label: ref.itemId,
      confidence,
      reason: `reference "${ref.quote}"`,
      source: 'rule',
    });
  }
  // A passage that cites its own items keeps them; otherwise the heading's reference carries over.
  if (tags.size === 0 && p.heading) {
    for (const ref of findReferences(p.heading, taxonomy, groups, context)) {
      tags.set(ref.itemId, {
        dimension: 'item',
        label: ref.itemId,
        confidence: CONFIDENCE.heading,
        reason: `reference "${ref.quote}" (heading)`,
        source: 'rule',
      });
    }
  }
  const listed = tags.size === 0 ? listedItemReference(p.text, p.heading, taxonomy, groups) : null;
  if (listed)
    tags.set(listed.itemId, {
      dimension: 'item',
      label: listed.itemId,
      confidence: CONFIDENCE.listed,
      reason: `reference ${listed.quote}`,
      source: 'rule',
    });
  if (tags.size === 0) for (const t of keywordTags('item', p.text, keywordIndex(taxonomy.items))) tags.set(t.label, t);
  return [...tags.values()];
}

function keywordTags(dimension: 'item' | 'topic', text: string, index: ReturnType<typeof keywordIndex>): Tag[] {
  return index
    .match(text)
    .filter((m) => m.score >= MIN_KEYWORD_SCORE)
    .map((m) => ({
      dimension,
      label: m.id,
      confidence: round(Math.min(0.85, m.score)),
      reason: `keywords: ${m.hits.join(', ')}`,
      source: 'rule' as const,
    }));
}

const isReference = (t: Tag): boolean => t.reason.startsWith('reference');

function boilerplateTags(p: Passage, neutral: string, confidence = 0.9): PassageTags {
  const stance: Tag = {
    dimension: 'stance',
    label: neutral,
    confidence,
    reason: `boilerplate: ${p.boilerplate ?? ''}`,
    source: 'rule',
  };
  return { seq: p.seq, items: [], topics: [], stance, needsReview: false, instructive: null };
}

const NO_EXAMPLES: ReadonlyMap<string, number> = new Map();

/** The stance for formalities: the one named "neutral", else the last one listed. */
function neutralStance(taxonomy: Taxonomy): string {
  const found = taxonomy.stances.find((s) => s.id === 'neutral') ?? taxonomy.stances[taxonomy.stances.length - 1];
  if (!found) throw new Error(`taxonomy ${taxonomy.id} has no stances`);
  return found.id;
}
