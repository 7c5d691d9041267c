import { type ReplyUnit } from '../../core/respondent.ts';
import type { InboxRow } from '../../store/inbox.ts';

import { respondentLabel } from '../respondents/load-reply-units.ts';
import { formatDate, formatIsoDay, html, isLate, STATE_LABEL, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';
import { filterBar, pager, type FilterField } from './filter-bar.ts';

export interface QueueCounts {
  stage: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export function queueCountsView(counts: readonly QueueCounts[] | null): Html {
  if (!counts) return html`<p class="queues muted">Warteschlangen: Redis antwortet nicht.</p>`;
  return html`<p class="queues">
    Warteschlangen:
    ${counts.map(
      (q) =>
        html`<span class="q"
          ><b>${q.stage}</b> ${q.waiting} wartend · ${q.active}
          aktiv${q.failed ? html` · <span class="bad">${q.failed} fehlgeschlagen</span>` : ''}</span
        > `,
    )}
  </p>`;
}

function respondentCell(units: readonly ReplyUnit[], row: InboxRow): Html {
  const named = units.filter((u) => u.respondent);
  if (named.length === 0)
    return html`<span>${row.from_name ?? row.from_address ?? '–'}</span>
      <span class="tag warn">nicht zugeordnet</span>`;
  const forwarded = named.some((u) => u.originPath !== '');
  return html`${named.map((u, i) => html`${i ? ', ' : ''}<span title="${u.reason} (${Math.round(u.confidence * 100)} %)">${respondentLabel(u)}</span>`)}
  ${forwarded ? html`<span class="muted"> über ${row.from_name ?? row.from_address ?? '–'}</span>` : ''}`;
}

export interface InboxListing {
  total: number;
  page: number;
  pageSize: number;
  /** The query without its page, for the pager. */
  params: URLSearchParams;
  values: Record<string, string>;
  error: string | null;
  lands: readonly (readonly [string, string])[];
  reviewers: readonly string[];
}

const inboxFilters = (l: InboxListing): FilterField[] => [
  { name: 'q', label: 'Suche' },
  { name: 'land', label: 'Land', options: l.lands },
  { name: 'state', label: 'Status', options: Object.entries(STATE_LABEL) },
  {
    name: 'late',
    label: 'Frist',
    options: [
      ['false', 'fristgerecht'],
      ['true', 'verspätet'],
    ],
  },
  {
    name: 'attributed',
    label: 'Landkreis',
    options: [
      ['true', 'zugeordnet'],
      ['false', 'nicht zugeordnet'],
    ],
  },
  { name: 'assignee', label: 'Bearbeitung', options: [['me', 'meine'], ...l.reviewers.map((r) => [r, r] as const)] },
  {
    name: 'sort',
    label: 'Sortierung',
    options: [
      ['-date', 'neueste'],
      ['date', 'älteste'],
      ['to-review', 'meiste offene'],
    ],
  },
];

export function inboxPage(
  ctx: PageContext,
  o: {
    rows: readonly (InboxRow & { assignee?: string | null })[];
    units: Map<string, ReplyUnit[]>;
    deadline: string;
    queues: readonly QueueCounts[] | null;
    csrf: string;
    listing?: InboxListing;
  },
): Html {
  const l = o.listing;
  const body = html`<h1>
      Eingang <span class="muted">(${l ? l.total : o.rows.length} Antworten, Frist ${formatIsoDay(o.deadline)})</span>
    </h1>
    ${queueCountsView(o.queues)} ${l ? filterBar('/inbox', inboxFilters(l), l.values) : ''}
    ${l?.error ? html`<p class="reason bad" role="alert">${l.error}</p>` : ''}
    <table class="list" id="inbox">
      <thead>
        <tr>
          <th>Absender / Landkreis</th>
          <th>Datum</th>
          <th>Frist</th>
          <th>Betreff</th>
          <th>Status</th>
          <th>zu prüfen</th>
          <th>geprüft</th>
          <th>bei</th>
        </tr>
      </thead>
      <tbody>
        ${o.rows.map((r) => {
          const late = isLate(r.sent_at ?? r.received_at, o.deadline);
          return html`<tr class="${r.state === 'failed' ? 'failed' : ''}">
            <td><a href="/replies/${r.id}">${respondentCell(o.units.get(r.id) ?? [], r)}</a></td>
            <td>${formatDate(r.sent_at ?? r.received_at)}</td>
            <td>
              ${late ? html`<span class="tag warn">verspätet</span>` : html`<span class="tag ok">fristgerecht</span>`}
            </td>
            <td>${r.subject ?? '–'}</td>
            <td>
              ${
                r.state === 'failed'
                  ? html`<span class="tag bad">${STATE_LABEL.failed}</span>
                      <span class="reason">${r.error_code}: ${r.error_detail}</span>`
                  : html`<span class="tag">${STATE_LABEL[r.state] ?? r.state}</span>`
              }
              ${r.document_errors ? html`<div class="reason">${r.document_errors}</div>` : ''}
              ${
                r.state === 'failed' || r.document_errors
                  ? html`<a class="button" href="/replies/${r.id}/retry">Erneut verarbeiten…</a>`
                  : ''
              }
            </td>
            <td class="num">${r.to_review > 0 ? html`<b>${r.to_review}</b>` : '0'}</td>
            <td class="num">${r.reviewed} / ${r.passages}</td>
            <td>${r.assignee ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${l ? pager('/inbox', l.params, l.page, l.pageSize, l.total) : ''}`;
  return page(ctx, 'Eingang', '/inbox', body);
}
