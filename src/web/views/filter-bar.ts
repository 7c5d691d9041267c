import { html, type Html } from './html.ts';

export interface FilterField {
  name: string;
  label: string;
  /** undefined: a text box; else a select with these options (value, label). */
  options?: readonly (readonly [string, string])[];
}

/** A GET form: the filters live in the URL, so a view can be shared, bookmarked and left with the back button. */
export function filterBar(action: string, fields: readonly FilterField[], values: Record<string, string>): Html {
  return html`<form method="get" action="${action}" class="filterbar" role="search">
    ${fields.map((f) =>
      f.options
        ? html`<label
            >${f.label}
            <select name="${f.name}">
              <option value="">alle</option>
              ${f.options.map(([v, l]) => html`<option value="${v}" ${values[f.name] === v ? 'selected' : ''}>${l}</option>`)}
            </select></label
          >`
        : html`<label class="grow"
            >${f.label}
            <input
              type="search"
              name="${f.name}"
              value="${values[f.name] ?? ''}"
              placeholder="Volltext, z. B. Abschiebungshaft"
          /></label>`,
    )}
    <button type="submit">Filtern</button>
    <a href="${action}">zurücksetzen</a>
  </form>`;
}

/** "‹ zurück · Seite 2 von 7 · weiter ›" with every other parameter kept. */
export function pager(path: string, params: URLSearchParams, page: number, pageSize: number, total: number): Html {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number) => {
    const q = new URLSearchParams(params);
    q.set('page', String(p));
    return `${path}?${q.toString()}`;
  };
  return html`<nav class="pager" aria-label="Seiten">
    ${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">‹ zurück</a>` : html`<span class="muted">‹ zurück</span>`}
    <span>Seite ${page} von ${pages} · ${total} Treffer</span>
    ${page < pages ? html`<a href="${link(page + 1)}" rel="next">weiter ›</a>` : html`<span class="muted">weiter ›</span>`}
  </nav>`;
}
