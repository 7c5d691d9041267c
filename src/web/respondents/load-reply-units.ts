import { type ReplyUnit, unitKey } from '../../core/respondent.ts';
import { loadDomainTable } from '../../config/respondent-domains.ts';
import { listRespondentSources } from '../../store/respondent-assignments.ts';
import type { WebDeps } from '../deps.ts';
import { resolveRespondents } from './resolve-respondents.ts';

export interface ReplyUnits {
  units: ReplyUnit[];
  /** Units by unitKey(messageId, originPath). */
  byKey: Map<string, ReplyUnit>;
  byMessage: Map<string, ReplyUnit[]>;
}

export async function loadReplyUnits(deps: Pick<WebDeps, 'db' | 'pipeline' | 'respondents'>): Promise<ReplyUnits> {
  const [sources, domains] = await Promise.all([
    listRespondentSources(deps.db, deps.pipeline.id),
    domainTableOf(deps.pipeline.dir),
  ]);
  const units = resolveRespondents(sources, deps.respondents, domains);
  const byMessage = new Map<string, ReplyUnit[]>();
  for (const u of units) byMessage.set(u.messageId, [...(byMessage.get(u.messageId) ?? []), u]);
  return { units, byKey: new Map(units.map((u) => [unitKey(u.messageId, u.originPath), u])), byMessage };
}

// The shipped domain table is read once per pipeline folder: it changes only with a deployment.
const domainTables = new Map<string, Promise<Map<string, string>>>();
function domainTableOf(dir: string): Promise<Map<string, string>> {
  let table = domainTables.get(dir);
  if (!table) domainTables.set(dir, (table = loadDomainTable(dir)));
  return table;
}

/** The respondent a passage speaks for: its forwarded unit's, else the mail's own. */
export function unitOf(units: ReplyUnits, messageId: string, originPath: string): ReplyUnit | undefined {
  return units.byKey.get(unitKey(messageId, originPath)) ?? units.byKey.get(unitKey(messageId, ''));
}

/** Display name of who a reply speaks for. */
export const respondentLabel = (u: ReplyUnit | undefined): string =>
  u?.respondent ? u.respondent.officialName : (u?.fromName ?? u?.fromAddress ?? 'unbekannt');
