import { listRespondentSources } from '../../store/respondent-assignments.ts';
import type { WebDeps } from '../deps.ts';
import { resolveRespondents, unitKey, type ReplyUnit } from './resolve-respondents.ts';

export interface ReplyUnits {
  units: ReplyUnit[];
  /** Units by unitKey(messageId, originPath). */
  byKey: Map<string, ReplyUnit>;
  byMessage: Map<string, ReplyUnit[]>;
}

export async function loadReplyUnits(deps: Pick<WebDeps, 'db' | 'pipeline' | 'respondents'>): Promise<ReplyUnits> {
  const units = resolveRespondents(await listRespondentSources(deps.db, deps.pipeline.id), deps.respondents);
  const byMessage = new Map<string, ReplyUnit[]>();
  for (const u of units) byMessage.set(u.messageId, [...(byMessage.get(u.messageId) ?? []), u]);
  return { units, byKey: new Map(units.map((u) => [unitKey(u.messageId, u.originPath), u])), byMessage };
}

/** The respondent a passage speaks for: its forwarded unit's, else the mail's own. */
export function unitOf(units: ReplyUnits, messageId: string, originPath: string): ReplyUnit | undefined {
  return units.byKey.get(unitKey(messageId, originPath)) ?? units.byKey.get(unitKey(messageId, ''));
}

/** Display name of who a reply speaks for. */
export const respondentLabel = (u: ReplyUnit | undefined): string =>
  u?.respondent ? u.respondent.officialName : (u?.fromName ?? u?.fromAddress ?? 'unbekannt');
