import type { TagDimension } from '../../core/types.ts';
import { effectiveOnDimension, reviewerDecided, weakestConfidence } from '../../store/effective-tags.ts';
import { isBoilerplate, type AuditEntry, type ReviewPassage, type StoredTag } from '../../store/review-passages.ts';
import { formatDate, html, type Html } from './html.ts';
import { labelOf, type LabelOption } from './taxonomy-labels.ts';

export interface PassageViewContext {
  options: Record<TagDimension, LabelOption[]>;
  reviewThreshold: number;
}

const DIMENSION_LABEL: Record<TagDimension, string> = { item: 'Nummern', topic: 'Themen', stance: 'Haltung' };
const DIMENSIONS: readonly TagDimension[] = ['item', 'topic', 'stance'];

/** Keys that confirm one dimension (the key map on the reply page lists them). */
export const CONFIRM_KEY: Record<TagDimension, string> = { item: 'i', topic: 'o', stance: 'h' };

/** The text element holds nothing but the passage text: a split sends the caret's offset in it. */
const SPLIT_HINT = 'Zum Teilen: Cursor an die Stelle setzen, dann „Teilen“ (Taste /)';

const pct = (c: number) => `${Math.round(c * 100)} %`;

function tagChip(ctx: PassageViewContext, t: StoredTag, dimension: TagDimension): Html {
  const machine = t.source !== 'reviewer';
  return html`<span
    class="chip ${machine ? 'machine' : 'reviewer'} ${machine && t.confidence < ctx.reviewThreshold ? 'low' : ''}"
  >
    <span class="chip-label">${labelOf(ctx.options, dimension, t.label)}</span>
    <span class="chip-meta">${machine ? html`${t.source} ${pct(t.confidence)}` : 'geprüft'}</span>
    <button
      type="button"
      class="x"
      data-action="remove"
      data-dimension="${dimension}"
      data-label="${t.label}"
      title="entfernen"
      aria-label="${labelOf(ctx.options, dimension, t.label)} entfernen"
    >
      ×
    </button>
    <span class="chip-reason">${t.reason}</span>
  </span>`;
}

function dimensionRow(ctx: PassageViewContext, p: ReviewPassage, dimension: TagDimension): Html {
  const effective = effectiveOnDimension(p.tags, dimension);
  const decided = reviewerDecided(p.tags, dimension);
  // What the machine said and a reviewer replaced stays visible, struck through, so the correction is traceable.
  const replaced = decided ? p.tags.filter((t) => t.dimension === dimension && t.source !== 'reviewer') : [];
  const present = new Set(effective.map((t) => t.label));
  return html`<div class="dim" data-dimension="${dimension}" data-confirmed="${decided ? 'true' : 'false'}">
    <span class="dim-name">${DIMENSION_LABEL[dimension]}</span>
    ${decided ? html`<span class="confirmed" title="von Prüfenden entschieden">✓</span>` : html`<button type="button" class="confirm" data-action="confirm" data-dimension="${dimension}" title="Taste ${CONFIRM_KEY[dimension]}">bestätigen</button>`}
    ${effective.length ? effective.map((t) => tagChip(ctx, t, dimension)) : html`<span class="muted">${decided ? 'keine (geprüft)' : 'keine'}</span>`}
    ${replaced.filter((t) => !present.has(t.label)).map((t) => html`<span class="chip replaced" title="${t.reason}">${labelOf(ctx.options, dimension, t.label)} <span class="chip-meta">${t.source} ${pct(t.confidence)}</span></span>`)}
    <select data-action="set" data-dimension="${dimension}" aria-label="${DIMENSION_LABEL[dimension]} setzen">
      <option value="">+ ${dimension === 'stance' ? 'Haltung setzen' : 'hinzufügen'}</option>
      ${ctx.options[dimension].filter((o) => !present.has(o.id)).map((o) => html`<option value="${o.id}" data-group="${o.group ?? ''}" data-number="${o.number ?? ''}">${o.label}</option>`)}
    </select>
  </div>`;
}

function auditList(ctx: PassageViewContext, entries: readonly AuditEntry[]): Html {
  if (entries.length === 0) return html``;
  const show = (dimension: string, v: unknown): string =>
    Array.isArray(v)
      ? v.length
        ? v.map((x) => labelOf(ctx.options, dimension as TagDimension, String(x))).join(', ')
        : '—'
      : v === true
        ? 'Boilerplate'
        : v === false
          ? 'Inhalt'
          : String(v);
  return html`<details class="audit">
    <summary>Änderungen (${entries.length})</summary>
    <ol>
      ${entries.map((e) => html`<li>${formatDate(e.at)} · <b>${e.username}</b> · ${e.dimension}: ${show(e.dimension, e.before)} → ${show(e.dimension, e.after)} (v${e.version})</li>`)}
    </ol>
  </details>`;
}

export function passageView(ctx: PassageViewContext, p: ReviewPassage, audit: readonly AuditEntry[]): Html {
  const bp = isBoilerplate(p);
  const confidence = weakestConfidence(p.tags);
  const reviewed = p.reviewed_at !== null;
  const decidedCount = DIMENSIONS.filter((d) => reviewerDecided(p.tags, d)).length;
  // The classifier's own judgement (weakest tag below reviewThreshold), as in the inbox and the review queue.
  const uncertain = !bp && !reviewed && p.needs_review;
  return html`<article
    class="passage ${bp ? 'boilerplate' : ''} ${uncertain ? 'uncertain' : ''} ${reviewed ? 'reviewed' : ''}"
    id="p-${p.id}"
    data-id="${p.id}"
    data-version="${p.version}"
    data-document="${p.document_id}"
    data-page="${p.page ?? ''}"
    data-uncertain="${uncertain ? 'true' : 'false'}"
    tabindex="0"
  >
    <div class="pmeta">
      <span>#${p.seq}${p.page !== null ? html` · Seite ${p.page}` : ''}</span>
      ${p.heading ? html`<span class="heading">${p.heading}</span>` : ''}
      ${bp ? html`<span class="tag">Boilerplate${p.boilerplate ? html`: ${p.boilerplate}` : ''}</span>` : ''}
      ${reviewed ? html`<span class="tag ok">geprüft von ${p.reviewed_by}</span>` : !bp && decidedCount > 0 ? html`<span class="tag warn">${decidedCount}/3 bestätigt</span>` : uncertain ? html`<span class="tag warn">unsicher ${pct(confidence)}</span>` : html`<span class="tag">${pct(confidence)}</span>`}
    </div>
    <blockquote class="ptext" title="${SPLIT_HINT}">${p.text}</blockquote>
    ${bp ? '' : html`<div class="tags">${DIMENSIONS.map((d) => dimensionRow(ctx, p, d))}</div>`}
    <div class="actions">
      ${bp ? '' : html`<button type="button" data-action="accept" title="Taste a">Alles bestätigen</button>`}
      <button type="button" data-action="boilerplate" data-value="${bp ? 'false' : 'true'}">
        ${bp ? 'Ist Inhalt' : 'Ist Boilerplate'}
      </button>
      <button type="button" data-action="split" title="Taste /: am Cursor im Text teilen">Teilen</button>
      <button type="button" data-action="merge" title="Taste m">Mit nächstem zusammenführen</button>
      <span class="status" role="status"></span>
    </div>
    ${auditList(ctx, audit)}
  </article>`;
}
