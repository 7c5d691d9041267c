import type { TaxonomyItem } from '../../core/types.ts';
import type { Respondent } from '../respondents/respondent.ts';
import { formatDay, html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

export interface CoverageRow {
  respondent: Respondent;
  repliedAt: Date | null;
  /** Each mail of the county with its own date, oldest first. */
  replies: { messageId: string; date: Date | null }[];
  /** Passages per item id. */
  counts: Map<string, number>;
  /** Replied, but said nothing on any item ("Fehlanzeige", "nicht zuständig"). */
  nilReturn: boolean;
}

export function coveragePage(
  ctx: PageContext,
  o: {
    rows: readonly CoverageRow[];
    items: readonly (TaxonomyItem & { short: string; title: string })[];
    lands: readonly { code: string; name: string }[];
    land: string | null;
  },
): Html {
  const replied = o.rows.filter((r) => r.repliedAt);
  const missing = o.rows.filter((r) => !r.repliedAt);
  return page(
    ctx,
    'Abdeckung',
    '/coverage',
    html`<h1>Abdeckung <span class="muted">Landkreise × Nummern</span></h1>
      <form method="get" action="/coverage" class="filter">
        <label
          >Land
          <select name="land" data-autosubmit>
            <option value="">alle Länder</option>
            ${o.lands.map((l) => html`<option value="${l.code}" ${o.land === l.code ? 'selected' : ''}>${l.name}</option>`)}
          </select></label
        >
        <noscript><button type="submit">Filtern</button></noscript>
      </form>
      <p class="summary">
        <b>${replied.length}</b> von ${o.rows.length} Landkreisen haben geantwortet
        (${replied.filter((r) => r.nilReturn).length} Fehlanzeige / ohne Nummern), <b>${missing.length}</b> noch nicht.
      </p>
      <details>
        <summary>Noch keine Antwort (${missing.length})</summary>
        <p class="missing">${missing.map((r, i) => html`${i ? ', ' : ''}${r.respondent.officialName}`)}</p>
      </details>
      <details class="item-legend-wrap" open>
        <summary>Nummern (${o.items.length}) – ein Klick auf eine Zahl in der Tabelle zeigt die Abschnitte</summary>
        <ul class="item-legend">
          ${o.items.map((i) => html`<li><b>${i.short}</b> ${i.title} · <a href="/passages?item=${encodeURIComponent(i.id)}">Abschnitte</a></li>`)}
        </ul>
      </details>
      <div class="matrix-wrap">
        <table class="matrix" id="coverage">
          <thead>
            <tr>
              <th>Landkreis</th>
              <th>Antwort</th>
              ${o.items.map((i) => html`<th title="${i.title}"><span>${i.short}</span></th>`)}
            </tr>
          </thead>
          <tbody>
            ${o.rows.map(
              (r) =>
                html`<tr class="${r.repliedAt ? 'replied' : 'missing'}">
                  <th scope="row">${r.respondent.officialName} <span class="muted">${r.respondent.landCode}</span></th>
                  <td>
                    ${
                      r.repliedAt
                        ? html`${r.replies.map((m, k) => html`${k ? ' ' : ''}<a href="/replies/${m.messageId}">${m.date ? formatDay(m.date) : 'ohne Datum'}</a>`)}${r.nilReturn ? html` <span class="tag">Fehlanzeige</span>` : ''}`
                        : html`<span class="muted">–</span>`
                    }
                  </td>
                  ${o.items.map((i) => {
                    const n = r.counts.get(i.id) ?? 0;
                    return n
                      ? html`<td class="hit" title="${r.respondent.name}: ${i.title}">
                          <a href="/passages?respondent=${r.respondent.ags}&amp;item=${encodeURIComponent(i.id)}"
                            >${n}</a
                          >
                        </td>`
                      : html`<td></td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  );
}
