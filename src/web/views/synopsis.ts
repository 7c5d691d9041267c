import type { SynopsisItemModel, SynopsisModel } from '../exports/synopsis/build-synopsis.ts';
import { silentLine, summaryLine } from '../exports/synopsis/build-synopsis.ts';
import type { Statement } from '../exports/synopsis/merge-statements.ts';
import { synopsisQuery, type SynopsisOptions } from '../exports/synopsis/options.ts';
import { citation } from '../exports/passage-rows.ts';
import { assessmentBlock } from './assessment-form.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

export interface LandOption {
  code: string;
  name: string;
}

function exportLinks(options: SynopsisOptions): Html {
  const q = synopsisQuery(options);
  return html`<p class="exports">
    Export: <a href="/export/synopsis.docx${q}">Synopse (Word)</a> ·
    <a href="/export/synopsis.xlsx${q}">Synopse (Excel)</a> · <a href="/export/passages.csv">CSV</a> ·
    <a href="/export/passages.jsonl">JSONL</a>
  </p>`;
}

/** GET form: the options live in the URL, so a filtered synopsis can be shared and its downloads match it. */
function optionsForm(model: SynopsisModel, lands: readonly LandOption[]): Html {
  const o = model.options;
  return html`<form method="get" action="/synopsis" class="synopsis-options">
    <label
      ><input type="checkbox" name="reviewed" value="only" ${o.reviewedOnly ? 'checked' : ''} /> nur geprüfte</label
    >
    <label
      >Land
      <select name="land">
        <option value="">alle</option>
        ${lands.map((l) => html`<option value="${l.code}" ${o.lands.length === 1 && o.lands[0] === l.code ? 'selected' : ''}>${l.name}</option>`)}
      </select></label
    >
    ${o.items.length ? html`<input type="hidden" name="items" value="${o.items.join(',')}" />` : ''}
    <button type="submit">anwenden</button>
  </form>`;
}

export function synopsisIndexPage(ctx: PageContext, model: SynopsisModel, lands: readonly LandOption[]): Html {
  const q = synopsisQuery(model.options);
  return page(
    ctx,
    'Synopse',
    '/synopsis',
    html`<h1>Synopse</h1>
      ${optionsForm(model, lands)} ${exportLinks(model.options)}
      <p class="muted">
        ${model.countiesReplied} von ${model.countiesInScope} Landkreisen haben geantwortet · ${model.statementCount}
        Aussagen${model.options.reviewedOnly ? ' (nur geprüfte)' : ''}
      </p>
      <figure class="chart">
        <img src="/synopsis/chart.png${q}" alt="Haltungen je Nummer" id="stance-chart" />
        <figcaption class="muted">
          Absender je Haltung; ein Landkreis mit mehreren Aussagen gleicher Haltung zählt einmal.
        </figcaption>
      </figure>
      <table class="list">
        <thead>
          <tr>
            <th>Nummer</th>
            <th>Landkreise</th>
            <th>nach Haltung</th>
            <th>ohne Äußerung</th>
          </tr>
        </thead>
        <tbody>
          ${model.items.map(
            (i) =>
              html`<tr>
                <td><a href="/synopsis/${i.id}${q}">${i.title}</a></td>
                <td class="num">${i.summary.counties}</td>
                <td>
                  ${i.summary.stances.map((s) => html`<span class="tag stance-${s.stance ?? 'none'}">${s.label}: ${s.respondents}</span> `)}
                </td>
                <td class="num">${i.summary.silentCounties}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

function statementFigure(ctx: PageContext, item: SynopsisItemModel, s: Statement, model: SynopsisModel): Html {
  const first = s.passages[0];
  if (!first) return html``;
  return html`<figure class="quote ${s.reviewed ? 'reviewed' : ''}" id="p-${first.passageId}">
    <blockquote>${s.text}</blockquote>
    <figcaption>
      ${s.passages.length > 1 ? html`<span class="tag">${s.respondents.length} Landkreise, gleichlautend</span> ` : ''}
      ${s.passages.map(
        (p) =>
          html`<span class="source"
            ><b>${p.respondent}</b> · ${p.document}${p.page !== null ? html` · S. ${p.page}` : ''}
            <a href="/replies/${p.messageId}#p-${p.passageId}">zur Antwort</a></span
          > `,
      )}
      ${s.reviewed ? html`<span class="tag ok">geprüft</span>` : html`<span class="tag warn">ungeprüft</span>`}
      <button type="button" data-copy="${`„${s.text}“ (${s.passages.map((p) => citation(p)).join('; ')})`}">
        Zitat kopieren
      </button>
    </figcaption>
    ${assessmentBlock(ctx, {
      kind: 'passage',
      targetId: first.passageId,
      itemId: item.id,
      assessment: model.passageAssessments.get(first.passageId) ?? null,
      label: 'Bewertung',
      query: synopsisQuery({ ...model.options, items: [] }),
    })}
  </figure>`;
}

export function synopsisItemPage(
  ctx: PageContext,
  model: SynopsisModel,
  item: SynopsisItemModel,
  prev: string | null,
  next: string | null,
): Html {
  // The page shows one item of the synopsis in its Länder and review state; its links lead back to the whole.
  const view: SynopsisOptions = { ...model.options, items: [] };
  const q = synopsisQuery(view);
  return page(
    ctx,
    item.title,
    '/synopsis',
    html`<p class="crumbs">
        <a href="/synopsis${q}">Synopse</a>
        ${prev ? html` · <a href="/synopsis/${prev}${q}">← vorige</a>` : ''}${next ? html` · <a href="/synopsis/${next}${q}">nächste →</a>` : ''}
      </p>
      <h1>${item.title}</h1>
      <p class="muted">${item.description}</p>
      ${exportLinks(view)}
      <p><a href="/items/${item.id}/arguments">Argumente zu dieser Nummer</a></p>
      <p class="summary"><b>${summaryLine(item.summary)}</b></p>
      ${item.summary.endorsements.map((e) => html`<p class="endorsement">${e}</p>`)}
      <p class="muted silent">${silentLine(item.summary)}</p>
      ${assessmentBlock(ctx, {
        kind: 'item',
        targetId: item.id,
        itemId: item.id,
        assessment: item.assessment,
        label: 'Bewertung des Verbandes',
        query: q,
      })}
      ${item.groups.length === 0 ? html`<p>Noch keine Aussagen zu dieser Nummer.</p>` : ''}
      ${item.groups.map(
        (g) =>
          html`<section class="stance-group">
            <h2>
              <span class="tag stance-${g.stance ?? 'none'}">${g.label}</span>
              <span class="muted">${g.passageCount}</span>
            </h2>
            ${g.statements.map((s) => statementFigure(ctx, item, s, model))}
          </section>`,
      )}`,
  );
}

export function assessmentConflictPage(
  ctx: PageContext,
  o: { itemId: string; updatedBy: string | null; current: string; yours: string },
): Html {
  return page(
    ctx,
    'Bewertung geändert',
    '/synopsis',
    html`<h1>Bewertung inzwischen geändert</h1>
      <p>
        ${o.updatedBy ?? 'Jemand anderes'} hat diese Bewertung geändert, während Sie sie bearbeitet haben. Ihre Fassung
        wurde nicht gespeichert.
      </p>
      <h2>Aktuelle Fassung</h2>
      <pre class="assessment-text">${o.current || '(leer)'}</pre>
      <h2>Ihre Fassung</h2>
      <pre class="assessment-text">${o.yours || '(leer)'}</pre>
      <p><a href="/synopsis/${o.itemId}">zurück zur Nummer</a> (dort erneut bearbeiten)</p>`,
  );
}
