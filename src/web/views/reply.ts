import { type ReplyUnit } from '../../core/respondent.ts';
import type { ReplyDocument, ReplyHeader } from '../../store/inbox.ts';
import type { AuditEntry, ReviewPassage } from '../../store/review-passages.ts';
import type { Respondent } from '../respondents/respondent.ts';

import { respondentLabel } from '../respondents/load-reply-units.ts';
import { formatDate, html, isLate, STATE_LABEL, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';
import { workerHint } from './reply-retry.ts';
import { passageView, type PassageViewContext } from './passage.ts';
import type { ReplyRelationsModel } from '../relations/load-reply-relations.ts';
import { replyRelationsView } from './reply-relations.ts';

export interface ReplyViewModel {
  header: ReplyHeader;
  documents: readonly ReplyDocument[];
  passages: readonly ReviewPassage[];
  audit: ReadonlyMap<string, AuditEntry[]>;
  units: readonly ReplyUnit[];
  respondents: readonly Respondent[];
  deadline: string;
  csrf: string;
  groups: readonly { id: string; label: string }[];
  /** Versions, endorsements and near-duplicate groups (docs/letter-anatomy.md). */
  relations?: ReplyRelationsModel;
  /** Workers connected to the queues (null: Redis unreachable); shown while the reply is still in progress. */
  workers?: number | null;
  assignee?: string | null;
  reviewers?: readonly string[];
  me?: string;
  /** The next reply in the inbox's order (newest first), for the "r" key. */
  nextReply?: string | null;
}

/** Who works on this reply; "mine" in the inbox filters by it. */
function assigneeForm(m: ReplyViewModel): Html {
  return html`<form method="post" action="/replies/${m.header.id}/assignee" class="inline assignee">
      <input type="hidden" name="_csrf" value="${m.csrf}" />
      <label
        >Bearbeitung
        <select name="assignee" data-autosubmit>
          <option value="">– niemand –</option>
          ${(m.reviewers ?? []).map((r) => html`<option value="${r}" ${m.assignee === r ? 'selected' : ''}>${r}${r === m.me ? ' (ich)' : ''}</option>`)}
        </select></label
      >
      <noscript><button type="submit">Zuweisen</button></noscript>
    </form>
    ${
      m.assignee !== m.me && m.me
        ? html`<form method="post" action="/replies/${m.header.id}/assignee" class="inline">
            <input type="hidden" name="_csrf" value="${m.csrf}" /><input
              type="hidden"
              name="assignee"
              value="${m.me}"
            />
            <button type="submit" id="take-reply">Mir zuweisen</button>
          </form>`
        : ''
    }`;
}

function respondentForm(m: ReplyViewModel, u: ReplyUnit): Html {
  const lands = [...new Set(m.respondents.map((r) => r.land))];
  return html`<form method="post" action="/replies/${m.header.id}/respondent" class="respondent">
    <input type="hidden" name="_csrf" value="${m.csrf}" />
    <input type="hidden" name="origin" value="${u.originPath}" />
    <span>${u.originPath ? html`Weitergeleitet (${u.fromName ?? u.fromAddress ?? '?'}):` : 'Antwort von:'}</span>
    <b>${respondentLabel(u)}</b>
    <span class="muted"
      >${u.source === 'reviewer' ? u.reason : u.source === 'auto' ? html`erkannt: ${u.reason}` : 'nicht erkannt'}</span
    >
    ${u.needsReview ? html`<span class="tag warn">prüfen: ${u.reason}</span>` : ''}
    <select name="ags" aria-label="Landkreis korrigieren">
      <option value="auto">– automatisch erkennen –</option>
      <option value="none">kein Landkreis</option>
      ${lands.map(
        (land) =>
          html`<optgroup label="${land}">
            ${m.respondents
              .filter((r) => r.land === land)
              .map(
                (r) =>
                  html`<option value="${r.ags}" ${u.respondent?.ags === r.ags ? 'selected' : ''}>
                    ${r.officialName}
                  </option>`,
              )}
          </optgroup>`,
      )}
    </select>
    <button type="submit">Zuordnen</button>
  </form>`;
}

/**
 * The document's extracted text with each passage's span marked, so focusing a passage shows where it stands in
 * the original. Offsets come from extraction; overlapping or out-of-range spans are left unmarked.
 */
export function markedText(
  text: string,
  passages: readonly Pick<ReviewPassage, 'id' | 'char_start' | 'char_end'>[],
): Html {
  const parts: Html[] = [];
  let at = 0;
  for (const p of [...passages].sort((a, b) => a.char_start - b.char_start)) {
    if (p.char_start < at || p.char_end > text.length || p.char_end <= p.char_start) continue;
    parts.push(
      html`${text.slice(at, p.char_start)}<mark data-passage="${p.id}">${text.slice(p.char_start, p.char_end)}</mark>`,
    );
    at = p.char_end;
  }
  parts.push(html`${text.slice(at)}`);
  return html`${parts}`;
}

function documentPanel(d: ReplyDocument, passages: readonly ReviewPassage[]): Html {
  const name = d.filename ?? (d.kind === 'body' ? 'Nachrichtentext' : d.path);
  const from = d.origin?.fromName ?? d.origin?.from;
  return html`<section class="original" id="d-${d.id}">
    <h3>
      ${name}
      <span class="muted"
        >${d.format ?? d.declared_type}${d.page_count ? html`, ${d.page_count} S.` : ''}${from ? html`, von ${from}` : ''}${ocrNote(d.ocr_confidence)}</span
      >
    </h3>
    <p>
      <a href="/documents/${d.id}/download" download>Original herunterladen</a>
      ${d.format === 'html' ? html` <span class="muted">HTML-Nachricht: nur als Text angezeigt, nie ausgeführt.</span>` : ''}
    </p>
    ${d.error_code ? html`<p class="reason bad">${d.error_code}: ${d.error_detail}</p>` : ''}
    ${d.format === 'pdf' && d.page_count ? pageImages(d.id, d.page_count) : ''}
    ${d.text ? html`<pre class="doctext">${markedText(d.text, passages)}</pre>` : ''}
  </section>`;
}

const MAX_PAGE_IMAGES = 30;

/** A scan's OCR confidence (Tesseract's mean, 0–100; older rows 0–1), red below 70 %: read the page, not the text. */
function ocrNote(confidence: number | null | undefined): Html | string {
  if (confidence === null || confidence === undefined) return '';
  const pct = Math.round(confidence <= 1 ? confidence * 100 : confidence);
  return html`, <span class="${pct < 70 ? 'bad' : ''}" data-ocr>OCR-Konfidenz ${pct} %</span>`;
}

/**
 * The PDF's pages as pictures (lazy-loaded), so a reviewer sees the letter as it was signed and sent. Focusing a
 * passage opens its page and marks its words there (see /highlight); the zoom buttons enlarge the pages.
 */
function pageImages(id: string, pages: number): Html {
  const shown = Math.min(pages, MAX_PAGE_IMAGES);
  return html`<details class="pages" id="pages-${id}">
    <summary>Seiten ansehen (${pages})</summary>
    <div class="zoom">
      <button type="button" data-zoom="-1" aria-label="verkleinern">−</button>
      <button type="button" data-zoom="1" aria-label="vergrößern">+</button>
    </div>
    ${Array.from({ length: shown }, (_, i) => html`<div class="pagewrap" id="pw-${id}-${i + 1}"><img id="p-${id}-${i + 1}" class="page" loading="lazy" src="/documents/${id}/pages/${i + 1}" alt="Seite ${i + 1}" /></div>`)}
    ${pages > shown ? html`<p class="muted">Weitere Seiten im Original.</p>` : ''}
  </details>`;
}

export function replyPage(ctx: PageContext, pv: PassageViewContext, m: ReplyViewModel): Html {
  const h = m.header;
  const late = isLate(h.sent_at ?? h.received_at, m.deadline);
  const byDoc = (id: string) => m.passages.filter((p) => p.document_id === id);
  const body = html`<div class="reply-head">
      <h1>${h.subject ?? '(ohne Betreff)'}</h1>
      <p>
        ${h.from_name ?? ''} &lt;${h.from_address ?? '?'}&gt; · ${formatDate(h.sent_at ?? h.received_at)}
        ${late ? html`<span class="tag warn">verspätet</span>` : html`<span class="tag ok">fristgerecht</span>`}
        <span class="tag ${h.state === 'failed' ? 'bad' : ''}">${STATE_LABEL[h.state] ?? h.state}</span>
        ${h.error_code ? html`<span class="reason">${h.error_code}: ${h.error_detail}</span>` : ''}
        <a class="button" href="/replies/${h.id}/retry">Erneut verarbeiten…</a>
      </p>
      ${
        h.state !== 'classified' && h.state !== 'failed'
          ? html`<p class="muted">Wird verarbeitet (${STATE_LABEL[h.state] ?? h.state}).</p>
              ${workerHint(m.workers ?? null)}`
          : ''
      }
      ${m.units.map((u) => respondentForm(m, u))} ${m.relations ? replyRelationsView(m.relations, m.csrf) : ''}
      <div class="toolbar">
        <label><input type="checkbox" id="show-boilerplate" /> Boilerplate zeigen</label>
        <label
          >Ziffern setzen Nr. in
          <select id="key-group">
            ${m.groups.map((g) => html`<option value="${g.id}">${g.label}</option>`)}
          </select></label
        >
        ${m.nextReply ? html`<a id="next-reply" href="/replies/${m.nextReply}">nächste Antwort ›</a>` : ''}
      </div>
      <details class="keymap" id="keymap" open>
        <summary>Tastenkürzel (<kbd>?</kbd>)</summary>
        <dl>
          <dt><kbd>j</kbd> / <kbd>k</kbd></dt>
          <dd>nächster / voriger Abschnitt</dd>
          <dt><kbd>n</kbd></dt>
          <dd>nächster unsicherer</dd>
          <dt><kbd>1</kbd>–<kbd>99</kbd></dt>
          <dd>Nummer in der gewählten Anlage setzen</dd>
          <dt><kbd>x</kbd></dt>
          <dd>zuletzt gesetzte Nummer entfernen</dd>
          <dt><kbd>t</kbd> / <kbd>s</kbd></dt>
          <dd>Thema / Haltung wählen</dd>
          <dt><kbd>i</kbd> <kbd>o</kbd> <kbd>h</kbd></dt>
          <dd>Nummern / Themen / Haltung bestätigen</dd>
          <dt><kbd>a</kbd></dt>
          <dd>alles bestätigen</dd>
          <dt><kbd>b</kbd></dt>
          <dd>Boilerplate an/aus</dd>
          <dt><kbd>/</kbd> / <kbd>m</kbd></dt>
          <dd>am Cursor teilen / mit nächstem zusammenführen</dd>
          <dt><kbd>u</kbd></dt>
          <dd>letzte Änderung rückgängig</dd>
          <dt><kbd>r</kbd></dt>
          <dd>nächste Antwort</dd>
        </dl>
      </details>
    </div>
    <div class="reply">
      <div class="passages" id="passages">
        ${m.documents.map(
          (d) =>
            html`<section class="doc">
              <h2>
                ${d.filename ?? (d.kind === 'body' ? 'Nachrichtentext' : d.path)}
                <a class="muted" href="#d-${d.id}">Original</a>
              </h2>
              ${byDoc(d.id).length ? byDoc(d.id).map((p) => passageView(pv, p, m.audit.get(p.id) ?? [])) : html`<p class="muted">Keine Abschnitte${d.error_code ? html` (${d.error_code})` : ''}.</p>`}
            </section>`,
        )}
      </div>
      <aside class="originals">${m.documents.map((d) => documentPanel(d, byDoc(d.id)))}</aside>
    </div>`;
  return page(ctx, h.subject ?? 'Antwort', '/inbox', body);
}
