import { z } from 'zod';
import type { Taxonomy } from '../../core/types.ts';
import { PASSAGE_SORTS } from '../../store/passage-search.ts';
import { REPLY_SORTS } from '../../store/reply-search.ts';
import type { Respondent } from '../respondents/respondent.ts';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

const bool = (name: string) =>
  z.enum(['true', 'false'], { message: `${name}: true or false` }).transform((v) => v === 'true');

const page = z.coerce
  .number({ message: 'page: a whole number from 1' })
  .int('page: a whole number from 1')
  .min(1, 'page: a whole number from 1')
  .max(100_000, 'page: a whole number from 1')
  .default(1);
const pageSize = z.coerce
  .number({ message: `pageSize: a whole number from 1 to ${MAX_PAGE_SIZE}` })
  .int(`pageSize: a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .min(1, `pageSize: a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .max(MAX_PAGE_SIZE, `pageSize: a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .default(DEFAULT_PAGE_SIZE);
const q = z.string().trim().max(200, 'q: at most 200 characters').optional();

const oneOf = (name: string, ids: readonly string[]) =>
  z
    .string()
    .refine((v) => ids.includes(v), { message: `${name}: one of ${ids.join(', ')}` })
    .optional();

/**
 * The query string of GET /api/passages and the passage list. Unknown parameters are refused too: a typo
 * ("stance" as "stanze") would otherwise silently return everything.
 */
export function passageParamsSchema(taxonomy: Taxonomy, respondents: readonly Respondent[]) {
  const lands = [...new Set(respondents.map((r) => r.landCode))].sort();
  return z.strictObject({
    q,
    item: oneOf(
      'item',
      taxonomy.items.map((i) => i.id),
    ),
    topic: oneOf(
      'topic',
      taxonomy.topics.map((t) => t.id),
    ),
    stance: oneOf(
      'stance',
      taxonomy.stances.map((s) => s.id),
    ),
    land: z
      .string()
      .transform((v) => v.toUpperCase())
      .refine((v) => lands.includes(v), { message: `land: a two-letter code, one of ${lands.join(', ')}` })
      .optional(),
    respondent: z
      .string()
      .regex(/^\d{5}$/, 'respondent: the five-digit AGS of a Landkreis')
      .refine((v) => respondents.some((r) => r.ags === v), { message: 'respondent: the AGS of a known Landkreis' })
      .optional(),
    reply: z
      .string()
      .regex(/^msg_[0-9a-f]{32}$/, 'reply: a message id (msg_…)')
      .optional(),
    reviewed: bool('reviewed').optional(),
    needsReview: bool('needsReview').optional(),
    unconfirmed: z.enum(['item', 'topic', 'stance'], { message: 'unconfirmed: item, topic or stance' }).optional(),
    boilerplate: z
      .enum(['true', 'false', 'all'], { message: 'boilerplate: true, false or all' })
      .default('false')
      .transform((v) => (v === 'all' ? undefined : v === 'true')),
    sort: z.enum(PASSAGE_SORTS, { message: `sort: one of ${PASSAGE_SORTS.join(', ')}` }).optional(),
    /** The same as sort (order=instructive reads naturally for the review queue); given both, order counts. */
    order: z.enum(PASSAGE_SORTS, { message: `order: one of ${PASSAGE_SORTS.join(', ')}` }).optional(),
    page,
    pageSize,
  });
}
export type PassageParams = z.infer<ReturnType<typeof passageParamsSchema>>;

export function replyParamsSchema(respondents: readonly Respondent[]) {
  const lands = [...new Set(respondents.map((r) => r.landCode))].sort();
  return z.strictObject({
    q,
    land: z
      .string()
      .transform((v) => v.toUpperCase())
      .refine((v) => lands.includes(v), { message: `land: a two-letter code, one of ${lands.join(', ')}` })
      .optional(),
    state: z
      .enum(['received', 'parsed', 'extracted', 'classified', 'failed'], {
        message: 'state: one of received, parsed, extracted, classified, failed',
      })
      .optional(),
    attributed: bool('attributed').optional(),
    late: bool('late').optional(),
    assignee: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'assignee: a user name, or "me"')
      .optional(),
    sort: z.enum(REPLY_SORTS, { message: `sort: one of ${REPLY_SORTS.join(', ')}` }).default('-date'),
    page,
    pageSize,
  });
}
export type ReplyParams = z.infer<ReturnType<typeof replyParamsSchema>>;

export interface ParamError {
  error: 'invalid parameter';
  parameter: string;
  allowed: string;
}

/** The first problem as {parameter, allowed}: what a caller needs to fix the request. */
export function paramError(err: z.ZodError): ParamError {
  const issue = err.issues[0];
  if (issue?.code === 'unrecognized_keys')
    return {
      error: 'invalid parameter',
      parameter: issue.keys[0] ?? '?',
      allowed: 'not a known parameter',
    };
  const parameter = String(issue?.path[0] ?? '?');
  const message = issue?.message ?? 'invalid';
  return {
    error: 'invalid parameter',
    parameter,
    allowed: message.startsWith(`${parameter}: `) ? message.slice(parameter.length + 2) : message,
  };
}

/** Query strings give one value per name here; a repeated name keeps its first value. */
export const firstValues = (query: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v[0] !== undefined && v[0] !== '')
      .map(([k, v]) => [k, v[0] ?? '']),
  );
