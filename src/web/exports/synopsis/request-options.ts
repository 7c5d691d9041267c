import type { Context } from 'hono';
import type { WebDeps, WebEnv } from '../../deps.ts';
import { parseSynopsisOptions, type OptionsResult } from './options.ts';

/** The synopsis options of a request, checked against this consultation's Länder and items. */
export function requestSynopsisOptions(
  c: Context<WebEnv>,
  deps: Pick<WebDeps, 'pipeline' | 'respondents'>,
): OptionsResult {
  return parseSynopsisOptions(c.req.query(), {
    lands: [...new Set(deps.respondents.map((r) => r.landCode))],
    items: deps.pipeline.taxonomy.items.map((i) => i.id),
  });
}

/** 400 naming the parameter and what it allows. */
export const badOptions = (c: Context<WebEnv>, r: Extract<OptionsResult, { ok: false }>) =>
  c.json({ error: `invalid parameter "${r.parameter}": ${r.message}`, parameter: r.parameter }, 400);
