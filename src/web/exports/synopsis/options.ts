import { z } from 'zod';

/** What the synopsis shows: every statement or only reviewed ones, some Länder, some items. */
export interface SynopsisOptions {
  reviewedOnly: boolean;
  /** Two-letter Land codes ("BY"); empty: all Länder. */
  lands: string[];
  /** Taxonomy item ids; empty: every item. */
  items: string[];
}

export const ALL_STATEMENTS: SynopsisOptions = { reviewedOnly: false, lands: [], items: [] };

export type OptionsResult = { ok: true; options: SynopsisOptions } | { ok: false; parameter: string; message: string };

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

/**
 * Reads `reviewed=only|all`, `land=BY,NI` and `items=A1-HAFT,A2-…` from a query string. Unknown parameters and values
 * are refused with the parameter's name and what is allowed, so a typo never silently yields the whole synopsis.
 */
export function parseSynopsisOptions(
  query: Record<string, string>,
  known: { lands: readonly string[]; items: readonly string[] },
): OptionsResult {
  const lands = new Set(known.lands);
  const items = new Set(known.items);
  const schema = z.strictObject(
    {
      reviewed: z.enum(['only', 'all'], { error: 'allowed: only, all' }).default('all'),
      land: z
        .string()
        .transform((s) => list(s).map((x) => x.toUpperCase()))
        .refine((xs) => xs.every((x) => lands.has(x)), {
          error: `allowed: comma-separated Land codes (${[...lands].sort().join(', ')})`,
        })
        .optional(),
      items: z
        .string()
        .transform(list)
        .refine((xs) => xs.every((x) => items.has(x)), {
          error: 'allowed: comma-separated item ids of the taxonomy, e.g. A1-HAFT,A1-ATTEST',
        })
        .optional(),
    },
    { error: 'unknown parameter; allowed: reviewed, land, items' },
  );
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const parameter = issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? '?') : String(issue?.path[0] ?? 'query');
    return { ok: false, parameter, message: issue?.message ?? 'invalid' };
  }
  return {
    ok: true,
    options: {
      reviewedOnly: parsed.data.reviewed === 'only',
      lands: parsed.data.land ?? [],
      items: parsed.data.items ?? [],
    },
  };
}

/** The query string that reproduces these options, for links from the page to the downloads and the chart. */
export function synopsisQuery(o: SynopsisOptions): string {
  const p = new URLSearchParams();
  if (o.reviewedOnly) p.set('reviewed', 'only');
  if (o.lands.length) p.set('land', o.lands.join(','));
  if (o.items.length) p.set('items', o.items.join(','));
  const s = p.toString();
  return s ? `?${s}` : '';
}
