import type { TagChange } from '../../classify/diff-tags.ts';
import type { TaxonomyMigration } from '../../store/taxonomy-migration.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

export interface ReprocessOutcome {
  mode: 'dry-run' | 'run';
  stage: 'extract' | 'classify';
  messages: number;
  migration: TaxonomyMigration;
  /** Item tags that would be added or removed; null when no dry run could be made in this process. */
  changes?: readonly TagChange[] | null;
}

const STAGE = {
  extract: 'ab der Extraktion (nach Korrektur eines Extraktors)',
  classify: 'nur die Klassifikation (nach Taxonomie- oder Modelländerung)',
};

export function reprocessPage(
  ctx: PageContext,
  m: { csrf: string; canPredict: boolean; outcome?: ReprocessOutcome },
): Html {
  const body = html`<h1>Neu verarbeiten</h1>
    <p class="muted">
      Wie <code>ruecklauf reprocess</code>: Prüfer-Tags bleiben unangetastet; maschinelle Tags werden je Abschnitt
      ersetzt. Der Fortschritt erscheint im Eingang (Zustände und Warteschlangen).
    </p>
    <form method="post" action="/admin/reprocess" class="reprocess">
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      <label
        >Stufe
        <select name="stage">
          ${(['classify', 'extract'] as const).map((s) => html`<option value="${s}">${STAGE[s]}</option>`)}
        </select></label
      >
      <label><input type="checkbox" name="failed" /> nur fehlgeschlagene Antworten</label>
      <label>eingegangen ab <input type="date" name="since" /></label>
      <button type="submit" name="mode" value="dry-run" ${m.canPredict ? '' : 'disabled'}>
        Probelauf (schreibt nichts)
      </button>
      <button type="submit" name="mode" value="run">Neu verarbeiten</button>
    </form>
    ${m.outcome ? outcomeView(m.outcome) : ''}`;
  return page(ctx, 'Neu verarbeiten', '/admin/reprocess', body);
}

function outcomeView(o: ReprocessOutcome): Html {
  const migration = html`${o.migration.renamed.map((r) => html`<li>${r.tags} Prüfer-Tag(s) ${o.mode === 'run' ? 'umgehängt' : 'würden umgehängt'}: ${r.from} → ${r.to}</li>`)}
  ${o.migration.orphaned.map((r) => html`<li class="bad">${r.tags} Prüfer-Tag(s) auf ${r.label}, das die Taxonomie nicht mehr kennt: Abschnitte ${o.mode === 'run' ? 'zur Prüfung markiert' : 'würden zur Prüfung markiert'}</li>`)}`;
  if (o.mode === 'run') {
    return html`<section class="result">
      <h2>${o.messages} Antwort(en) neu eingereiht (${STAGE[o.stage]})</h2>
      <ul>
        ${migration}
      </ul>
      <p><a href="/inbox">Zum Eingang</a></p>
    </section>`;
  }
  const changes = o.changes;
  return html`<section class="result">
    <h2>Probelauf: ${o.messages} Antwort(en), ${STAGE[o.stage]}</h2>
    <ul>
      ${migration}
    </ul>
    ${
      changes === null || changes === undefined
        ? html`<p class="muted">Kein Probelauf in diesem Prozess möglich.</p>`
        : changes.length === 0
          ? html`<p>Kein Item-Tag würde sich ändern.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Item</th>
                  <th>hinzu</th>
                  <th>weg</th>
                </tr>
              </thead>
              <tbody>
                ${changes.map(
                  (ch) =>
                    html`<tr>
                      <td>${ch.label}</td>
                      <td>${ch.added}</td>
                      <td>${ch.removed}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}
