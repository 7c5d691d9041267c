import type { TrainingRun } from '../../store/training-runs.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

const pct = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(3));

function figures(r: TrainingRun): Html {
  if (!r.before || !r.after)
    return html`<p class="muted">Zu wenige zurückgehaltene Prüfer-Beispiele für einen Vergleich.</p>`;
  return html`<table>
    <tr>
      <th></th>
      <th>Nummern F1</th>
      <th>Themen F1</th>
      <th>Haltung</th>
    </tr>
    <tr>
      <td>vorher (${r.previousModel ?? ''})</td>
      <td>${pct(r.before.items)}</td>
      <td>${pct(r.before.topics)}</td>
      <td>${pct(r.before.stance)}</td>
    </tr>
    <tr>
      <td>nachher (${r.candidate ?? ''})</td>
      <td>${pct(r.after.items)}</td>
      <td>${pct(r.after.topics)}</td>
      <td>${pct(r.after.stance)}</td>
    </tr>
  </table>`;
}

function state(r: TrainingRun): string {
  if (r.error) return `fehlgeschlagen: ${r.error}`;
  if (!r.finishedAt) return 'läuft';
  return r.promoted
    ? `übernommen; ${r.reclassified ?? 0} Antwort(en) neu klassifiziert`
    : 'nicht übernommen (auf den zurückgehaltenen Prüfer-Beispielen schlechter)';
}

/** The training runs with their figures and per-item changes, and the admin's button to ask for one. */
export function trainingPage(
  ctx: PageContext,
  m: { csrf: string; runs: readonly TrainingRun[]; requested?: string },
): Html {
  const body = html`<h1>Modell neu trainieren</h1>
    <p class="muted">
      Ein Worker-Prozess trainiert (nie dieser Webprozess), vergleicht mit dem laufenden Modell auf zurückgehaltenen
      Prüfer-Beispielen und übernimmt das neue nur, wenn es nicht schlechter ist; Prüfer-Tags bleiben unangetastet.
    </p>
    <form method="post" action="/admin/training">
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      <button type="submit">Jetzt neu trainieren</button>
    </form>
    ${m.requested ? html`<p class="result">Angefordert als ${m.requested}.</p>` : ''}
    ${m.runs.map(
      (r) =>
        html`<section class="result">
          <h2>
            ${r.startedAt.toISOString().slice(0, 16).replace('T', ' ')} –
            ${r.reason === 'admin' ? `angefordert von ${r.requestedBy ?? '?'}` : 'nach Prüfer-Korrekturen'}
          </h2>
          <p>${state(r)}</p>
          ${figures(r)}
          ${
            (r.changes ?? []).length > 0
              ? html`<ul>
                  ${(r.changes ?? []).map((c) => html`<li>${c.label}: +${c.added} / −${c.removed} Abschnitt(e)</li>`)}
                </ul>`
              : ''
          }
        </section>`,
    )}`;
  return page(ctx, 'Modell neu trainieren', '/admin/training', body);
}
