import { citation, type SynopsisItem } from '../exports/passage-rows.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

function exportLinks(): Html {
  return html`<p class="exports">
    Export: <a href="/export/synopsis.docx">Synopse (Word)</a> · <a href="/export/passages.xlsx">Passagen (Excel)</a> ·
    <a href="/export/passages.csv">CSV</a> · <a href="/export/passages.jsonl">JSONL</a>
  </p>`;
}

export function synopsisIndexPage(ctx: PageContext, items: readonly SynopsisItem[]): Html {
  return page(
    ctx,
    'Synopse',
    '/synopsis',
    html`<h1>Synopse</h1>
      ${exportLinks()}
      <table class="list">
        <thead>
          <tr>
            <th>Nummer</th>
            <th>Aussagen</th>
            <th>nach Haltung</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (i) =>
              html`<tr>
                <td><a href="/synopsis/${i.id}">${i.title}</a></td>
                <td class="num">${i.count}</td>
                <td>
                  ${i.groups.map((g) => html`<span class="tag stance-${g.stance ?? 'none'}">${g.stanceLabel}: ${g.rows.length}</span> `)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

export function synopsisItemPage(ctx: PageContext, item: SynopsisItem, prev: string | null, next: string | null): Html {
  return page(
    ctx,
    item.title,
    '/synopsis',
    html`<p class="crumbs">
        <a href="/synopsis">Synopse</a>
        ${prev ? html` · <a href="/synopsis/${prev}">← vorige</a>` : ''}${next ? html` · <a href="/synopsis/${next}">nächste →</a>` : ''}
      </p>
      <h1>${item.title}</h1>
      <p class="muted">${item.description}</p>
      <p><a href="/items/${item.id}/arguments">Argumente zu dieser Nummer</a></p>
      ${exportLinks()} ${item.count === 0 ? html`<p>Noch keine Aussagen zu dieser Nummer.</p>` : ''}
      ${item.endorsements.map((line) => html`<p class="endorsement">${line}</p>`)}
      ${item.groups.map(
        (g) =>
          html`<section class="stance-group">
            <h2>
              <span class="tag stance-${g.stance ?? 'none'}">${g.stanceLabel}</span>
              <span class="muted">${g.rows.length}</span>
            </h2>
            ${g.rows.map((r) => {
              const quote = `„${r.text}“ (${citation(r)})`;
              return html`<figure class="quote ${r.reviewed ? 'reviewed' : ''}">
                <blockquote>${r.text}</blockquote>
                <figcaption>
                  <b>${r.respondent}</b> · ${r.document}${r.page !== null ? html` · S. ${r.page}` : ''}
                  ${r.reviewed ? html`<span class="tag ok">geprüft</span>` : html`<span class="tag warn">ungeprüft</span>`}
                  <a href="/replies/${r.messageId}#p-${r.passageId}">zur Antwort</a>
                  <button type="button" data-copy="${quote}">Zitat kopieren</button>
                </figcaption>
              </figure>`;
            })}
          </section>`,
      )}`,
  );
}
