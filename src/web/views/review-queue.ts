import { html, percent, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

/** A row of the queue: the first column is the passage's place (its weakest tag, or its instructive score). */
export interface QueueRow {
  passageId: string;
  messageId: string;
  respondent: string;
  items: readonly string[];
  text: string;
  rank: string;
  /** Why it stands here (the instructive order), in German. */
  reason: string | null;
}

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
    order: 'confidence' | 'instructive';
    error: string | null;
    open: readonly QueueRow[];
    openCount: number;
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
    html`<h1>
        Prüfliste
        <span class="muted"
          >(${o.openCount} offen, ${o.order === 'instructive' ? 'lehrreich zuerst' : 'unsicherste zuerst'})</span
        >
      </h1>
      <nav class="queue-order" aria-label="Reihenfolge">
        Reihenfolge:
        ${
          o.order === 'confidence'
            ? html`<b>unsicherste zuerst</b>`
            : html`<a href="/review-queue?order=confidence">unsicherste zuerst</a>`
        }
        ·
        ${
          o.order === 'instructive'
            ? html`<b>lehrreich zuerst</b>`
            : html`<a href="/review-queue?order=instructive" id="order-instructive">lehrreich zuerst</a>`
        }
        ${
          o.order === 'instructive'
            ? html`<span class="muted"
                >— was eine Prüfung dem Klassifikator am meisten beibringt: knappe Entscheidungen bei Nummern mit
                wenigen geprüften Beispielen zuerst; geprüfte Abschnitte fallen heraus.</span
              >`
            : ''
        }
      </nav>
      ${o.error ? html`<p class="reason bad" role="alert">${o.error}</p>` : ''}
      <div class="cols">
        <section class="queue">
          <table class="list" id="review-queue" data-order="${o.order}">
            <thead>
              <tr>
                <th>${o.order === 'instructive' ? 'Lehrwert' : 'Konfidenz'}</th>
                <th>Landkreis</th>
                <th>Nummern</th>
                <th>Text</th>
              </tr>
            </thead>
            <tbody>
              ${o.open.map(
                (r) =>
                  html`<tr data-id="${r.passageId}">
                    <td class="num">${r.rank}</td>
                    <td>${r.respondent}</td>
                    <td>
                      ${r.items.length ? r.items.map((i) => html`<span class="tag" title="${o.itemTitle(i)}">${o.itemShort(i)}</span> `) : html`<span class="muted">keine</span>`}
                    </td>
                    <td>
                      <a href="/replies/${r.messageId}#p-${r.passageId}"
                        >${r.text.length > 180 ? `${r.text.slice(0, 180)}…` : r.text}</a
                      >
                      ${r.reason ? html`<div class="order-reason muted">${r.reason}</div>` : ''}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
          ${o.openCount > o.open.length ? html`<p class="muted">… und ${o.openCount - o.open.length} weitere.</p>` : ''}
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
