import type { ArgumentSummary, ItemArguments } from '../exports/argument-summaries.ts';
import { citation, type PassageRow } from '../exports/passage-rows.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

interface ArgumentsPageModel {
  item: string;
  title: string;
  stanceLabel: (id: string) => string;
  csrf: string;
  result: ItemArguments;
  message: string | null;
}

const action = (item: string) => `/items/${encodeURIComponent(item)}/arguments/edit`;

function hidden(m: ArgumentsPageModel, fields: Record<string, string>): Html {
  return html`<input type="hidden" name="_csrf" value="${m.csrf}" />${Object.entries(fields).map(
      ([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`,
    )}`;
}

/** "Verschieben nach": every other argument of the item, and "Einzelne Äußerungen". */
function moveForm(m: ArgumentsPageModel, p: PassageRow, from: string | null): Html {
  const targets = m.result.arguments.filter((a) => a.id !== from);
  return html`<form method="post" action="${action(m.item)}" class="inline">
    ${hidden(m, { kind: 'move', passage: p.passageId })}
    <select name="to" aria-label="verschieben nach">
      ${from !== null ? html`<option value="">Einzelne Äußerungen</option>` : ''}
      ${targets.map((a) => html`<option value="${a.id}">${a.label}</option>`)}
    </select>
    <button type="submit">verschieben</button>
  </form>`;
}

function passageLine(m: ArgumentsPageModel, a: ArgumentSummary | null, p: PassageRow): Html {
  const isQuote = a?.representative.passageId === p.passageId;
  return html`<li id="p-${p.passageId}">
    ${a ? html`<input type="checkbox" name="passages" value="${p.passageId}" form="split-${a.id}" aria-label="abteilen" />` : ''}
    <span class="tag stance-${p.stance ?? 'none'}">${p.stance ? m.stanceLabel(p.stance) : 'ohne Haltung'}</span>
    „${p.text}“ <span class="muted">(${citation(p)})</span>
    <a href="/replies/${p.messageId}#p-${p.passageId}">zur Antwort</a>
    ${
      a && !isQuote
        ? html`<form method="post" action="${action(m.item)}" class="inline">
            ${hidden(m, { kind: 'representative', argument: a.id, passage: p.passageId })}
            <button type="submit">als Zitat</button>
          </form>`
        : ''
    }
    ${moveForm(m, p, a?.id ?? null)}
  </li>`;
}

function argumentSection(m: ArgumentsPageModel, a: ArgumentSummary, rank: number): Html {
  const others = m.result.arguments.filter((o) => o.id !== a.id);
  const stances = Object.entries(a.stances).filter(([, n]) => n > 0);
  return html`<section class="argument" id="a-${a.id}">
    <h2>${rank}. ${a.label} ${a.reviewed ? html`<span class="tag ok">geprüft</span>` : ''}</h2>
    <p>
      <b>${a.respondents.length}</b> Landkreis(e), ${a.passages.length} Aussage(n)
      ${stances.map(([s, n]) => html`<span class="tag stance-${s}">${m.stanceLabel(s)}: ${n}</span> `)}
      ${a.laender.length ? html`<span class="muted">Länder: ${a.laender.join(', ')}</span>` : ''}
    </p>
    <blockquote class="representative">„${a.representative.text}“ (${citation(a.representative)})</blockquote>
    <p class="muted">${a.respondents.map((r) => r.name).join(', ')}</p>
    <div class="argument-actions">
      <form method="post" action="${action(m.item)}" class="inline">
        ${hidden(m, { kind: 'rename', argument: a.id })}
        <input name="label" value="${a.label}" maxlength="200" aria-label="Bezeichnung" required />
        <button type="submit">umbenennen</button>
      </form>
      ${
        others.length
          ? html`<form method="post" action="${action(m.item)}" class="inline">
              ${hidden(m, { kind: 'merge', argument: a.id })}
              <select name="other" aria-label="zusammenführen mit">
                ${others.map((o) => html`<option value="${o.id}">${o.label}</option>`)}
              </select>
              <button type="submit">hierher zusammenführen</button>
            </form>`
          : ''
      }
      <form method="post" action="${action(m.item)}" class="inline" id="split-${a.id}">
        ${hidden(m, { kind: 'split', argument: a.id })}
        <input
          name="label"
          placeholder="Bezeichnung des neuen Arguments"
          maxlength="200"
          aria-label="neue Bezeichnung"
        />
        <button type="submit">markierte abteilen</button>
      </form>
    </div>
    <details>
      <summary>${a.passages.length} Aussagen</summary>
      <ul class="argument-passages">
        ${a.passages.map((p) => passageLine(m, a, p))}
      </ul>
    </details>
  </section>`;
}

/** The arguments of one item, ranked by how many counties made them, with the reviewers' editing controls. */
export function argumentsPage(ctx: PageContext, m: ArgumentsPageModel): Html {
  const r = m.result;
  return page(
    ctx,
    `Argumente: ${m.title}`,
    '/synopsis',
    html`<p class="crumbs"><a href="/synopsis">Synopse</a> · <a href="/synopsis/${m.item}">${m.title}</a></p>
      <h1>Argumente zu ${m.title}</h1>
      ${m.message ? html`<p class="flash">${m.message}</p>` : ''}
      ${r.stale ? html`<p class="muted">Neue oder geänderte Aussagen werden gerade eingeordnet.</p>` : ''}
      ${r.arguments.length === 0 && r.unassigned.length === 0 ? html`<p>Noch keine Aussagen zu dieser Nummer.</p>` : ''}
      ${r.arguments.map((a, i) => argumentSection(m, a, i + 1))}
      <section class="argument unassigned">
        <h2>Einzelne Äußerungen <span class="muted">${r.unassigned.length}</span></h2>
        <ul class="argument-passages">
          ${r.unassigned.map((p) => passageLine(m, null, p))}
        </ul>
      </section>`,
  );
}
