import { instructiveReason } from '../../classify/instructive.ts';
import type { TagDimension } from '../../core/types.ts';
import { effectiveOnDimension, reviewerDecided } from '../../store/effective-tags.ts';
import type { FoundPassage } from '../../store/passage-search.ts';
import { filterBar, pager, type FilterField } from './filter-bar.ts';
import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';
import { shortLabelOf, type LabelOption } from './taxonomy-labels.ts';

const DIMENSIONS: readonly TagDimension[] = ['item', 'topic', 'stance'];
const DIMENSION_LABEL: Record<TagDimension, string> = { item: 'Nummern', topic: 'Themen', stance: 'Haltung' };

export interface PassageListModel {
  passages: readonly FoundPassage[];
  respondentOf: (p: FoundPassage) => string;
  total: number;
  page: number;
  pageSize: number;
  params: URLSearchParams;
  values: Record<string, string>;
  error: string | null;
  options: Record<TagDimension, LabelOption[]>;
  lands: readonly (readonly [string, string])[];
}

const instructiveOrder = (m: PassageListModel): boolean => (m.values['order'] ?? m.values['sort']) === 'instructive';

function row(m: PassageListModel, p: FoundPassage): Html {
  return html`<tr
    class="prow ${p.boilerplate ? 'boilerplate' : ''} ${p.reviewed ? 'reviewed' : ''}"
    data-id="${p.id}"
    data-version="${p.version}"
  >
    <td><input type="checkbox" class="pick" value="${p.id}" aria-label="auswählen" /></td>
    <td class="who">
      ${m.respondentOf(p)}<br /><span class="muted"
        >${p.filename ?? (p.doc_kind === 'body' ? 'E-Mail' : '')}${p.page ? html`, S. ${p.page}` : ''}</span
      >
    </td>
    <td class="ptext-cell">
      <a href="/replies/${p.message_id}#p-${p.id}">${p.text}</a>
      ${
        instructiveOrder(m) && p.instructive_why
          ? html`<div class="order-reason muted">
              ${instructiveReason(p.instructive_why, {
                item: (id) => shortLabelOf(m.options, 'item', id),
                stance: (id) => shortLabelOf(m.options, 'stance', id),
              })}
            </div>`
          : ''
      }
    </td>
    <td class="chips">
      ${DIMENSIONS.map((d) => {
        const tags = effectiveOnDimension(p.tags, d);
        const confirmed = reviewerDecided(p.tags, d);
        return html`<div class="dimchips" data-dimension="${d}" data-confirmed="${confirmed}">
          <span class="dim-name" title="${DIMENSION_LABEL[d]}">${confirmed ? '✓' : '○'}</span>
          ${tags.length ? tags.map((t) => html`<span class="chip ${t.source === 'reviewer' ? 'reviewer' : 'machine'}" title="${t.reason}">${shortLabelOf(m.options, d, t.label)}</span>`) : html`<span class="muted">–</span>`}
        </div>`;
      })}
    </td>
    <td>
      ${p.boilerplate ? html`<span class="tag">Boilerplate</span>` : p.reviewed ? html`<span class="tag ok">geprüft</span>` : p.needs_review ? html`<span class="tag warn">unsicher</span>` : html`<span class="tag">offen</span>`}
    </td>
  </tr>`;
}

export function passageListPage(ctx: PageContext, m: PassageListModel): Html {
  const opts = (d: TagDimension) => m.options[d].map((o) => [o.id, d === 'item' ? o.label : o.short] as const);
  const fields: FilterField[] = [
    { name: 'q', label: 'Suche' },
    { name: 'item', label: 'Nummer', options: opts('item') },
    { name: 'topic', label: 'Thema', options: opts('topic') },
    { name: 'stance', label: 'Haltung', options: opts('stance') },
    { name: 'land', label: 'Land', options: m.lands },
    {
      name: 'reviewed',
      label: 'Prüfung',
      options: [
        ['false', 'ungeprüft'],
        ['true', 'geprüft'],
      ],
    },
    {
      name: 'unconfirmed',
      label: 'unbestätigt',
      options: [
        ['item', 'Nummern'],
        ['topic', 'Themen'],
        ['stance', 'Haltung'],
      ],
    },
    {
      name: 'boilerplate',
      label: 'Boilerplate',
      options: [
        ['true', 'nur Boilerplate'],
        ['all', 'auch Boilerplate'],
      ],
    },
    {
      name: 'sort',
      label: 'Sortierung',
      options: [
        ['relevance', 'Relevanz'],
        ['reply', 'Antwort'],
        ['-date', 'neueste'],
        ['confidence', 'unsicherste'],
        ['instructive', 'lehrreich zuerst'],
      ],
    },
  ];
  const body = html`<h1>Abschnitte <span class="muted">(${m.total} Treffer)</span></h1>
    ${filterBar('/passages', fields, m.values)}
    ${m.error ? html`<p class="reason bad" role="alert">${m.error}</p>` : ''}
    <div class="bulk" id="bulk" hidden>
      <b><span id="bulk-count">0</span> ausgewählt:</b>
      <button type="button" data-bulk="boilerplate">Als Boilerplate markieren</button>
      <button type="button" data-bulk="accept">Maschinen-Tags bestätigen</button>
      <select id="bulk-item" aria-label="Nummer für die Auswahl">
        ${m.options.item.map((o) => html`<option value="${o.id}">${o.label}</option>`)}
      </select>
      <button type="button" data-bulk="set-item">Nummer setzen</button>
      <button type="button" data-bulk="remove-item">Nummer entfernen</button>
      <span class="status" role="status"></span>
    </div>
    <table class="list dense" id="passage-list">
      <thead>
        <tr>
          <th><input type="checkbox" id="pick-all" aria-label="alle auf dieser Seite auswählen" /></th>
          <th>Landkreis</th>
          <th>Text</th>
          <th>Nummern · Themen · Haltung (✓ bestätigt)</th>
          <th>Stand</th>
        </tr>
      </thead>
      <tbody>
        ${m.passages.map((p) => row(m, p))}
      </tbody>
    </table>
    ${pager('/passages', m.params, m.page, m.pageSize, m.total)}`;
  return page(ctx, 'Abschnitte', '/passages', body);
}
