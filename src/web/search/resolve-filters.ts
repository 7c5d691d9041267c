import type { PassageFilter } from '../../store/passage-search.ts';
import type { ReplyFilter } from '../../store/reply-search.ts';
import type { ReplyUnits } from '../respondents/load-reply-units.ts';
import { unitKey } from '../respondents/resolve-respondents.ts';
import type { PassageParams, ReplyParams } from './search-params.ts';

/** Validated passage parameters → the store's filter; respondent and land become the reply units they match. */
export function toPassageFilter(pipelineId: string, p: PassageParams, units: ReplyUnits): PassageFilter {
  const byRespondent = p.respondent !== undefined || p.land !== undefined;
  return {
    pipelineId,
    q: p.q || undefined,
    item: p.item,
    topic: p.topic,
    stance: p.stance,
    messageId: p.reply,
    unitKeys: byRespondent
      ? units.units
          .filter(
            (u) =>
              u.respondent &&
              (p.respondent === undefined || u.respondent.ags === p.respondent) &&
              (p.land === undefined || u.respondent.landCode === p.land),
          )
          .map((u) => unitKey(u.messageId, u.originPath))
      : undefined,
    reviewed: p.reviewed,
    needsReview: p.needsReview,
    unconfirmed: p.unconfirmed,
    boilerplate: p.boilerplate,
    sort: p.order ?? p.sort ?? (p.q ? 'relevance' : 'reply'),
    page: p.page,
    pageSize: p.pageSize,
  };
}

export function toReplyFilter(
  o: { pipelineId: string; deadline: string; username: string },
  p: ReplyParams,
  units: ReplyUnits,
): ReplyFilter {
  const byUnits = p.land !== undefined || p.attributed !== undefined;
  const messageIds = byUnits
    ? [...units.byMessage.entries()]
        .filter(([, us]) => {
          const attributed = us.some((u) => u.respondent);
          if (p.attributed !== undefined && attributed !== p.attributed) return false;
          return p.land === undefined || us.some((u) => u.respondent?.landCode === p.land);
        })
        .map(([id]) => id)
    : undefined;
  return {
    pipelineId: o.pipelineId,
    q: p.q || undefined,
    state: p.state,
    late: p.late === undefined ? undefined : { deadline: o.deadline, value: p.late },
    messageIds,
    assignee: p.assignee === 'me' ? o.username : p.assignee,
    sort: p.sort,
    page: p.page,
    pageSize: p.pageSize,
  };
}
