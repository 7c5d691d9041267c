import type { PassageRow } from '../exports/passage-rows.ts';
import { html, percent, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

export interface Progress {
  key: string;
  label: string;
  href: string;
  reviewed: number;
  total: number;
}

const bar = (p: Progress) =>
  html`<tr>
    <td><a href="${p.href}">${p.label}</a></td>
    <td class="num">${p.reviewed} / ${p.total}</td>
    <td class="nowrap"><progress max="${p.total}" value="${p.reviewed}"></progress> ${percent(p.reviewed, p.total)}</td>
  </tr>`;

export function reviewQueuePage(
  ctx: PageContext,
  o: {
    open: readonly PassageRow[];
    byReply: readonly Progress[];
    byItem: readonly Progress[];
    itemTitle: (id: string) => string;
    itemShort: (id: string) => string;
  },
): Html {
  return page(
    ctx,
    'Prüfliste',
    '/review-queue',
    html`<h1>Prüfliste <span class="muted">(${o.open.length} offen, unsicherste zuerst)</span></h1>
      <div class="cols">
        <section class="queue">
          <table class="list" id="review-queue">
            <thead>
              <tr>
                <th>Konfidenz</th>
                <th>Landkreis</th>
                <th>Nummern</th>
                <th>Text</th>
              </tr>
            </thead>
            <tbody>
              ${o.open.slice(0, 300).map(
                (r) =>
                  html`<tr>
                    <td class="num">${Math.round(r.confidence * 100)} %</td>
                    <td>${r.respondent}</td>
                    <td>
                      ${r.items.length ? r.items.map((i) => html`<span class="tag" title="${o.itemTitle(i)}">${o.itemShort(i)}</span> `) : html`<span class="muted">keine</span>`}
                    </td>
                    <td>
                      <a href="/replies/${r.messageId}#p-${r.passageId}"
                        >${r.text.length > 180 ? `${r.text.slice(0, 180)}…` : r.text}</a
                      >
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
          ${o.open.length > 300 ? html`<p class="muted">… und ${o.open.length - 300} weitere.</p>` : ''}
        </section>
        <section class="progress">
          <h2>Fortschritt je Antwort</h2>
          <table class="list">
            ${o.byReply.map(bar)}
          </table>
          <h2>Fortschritt je Nummer</h2>
          <table class="list">
            ${o.byItem.map(bar)}
          </table>
        </section>
      </div>`,
  );
}
