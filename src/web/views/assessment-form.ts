import type { Assessment, AssessmentKind } from '../../store/assessments.ts';
import { html, type Html } from './html.ts';
import type { PageContext } from './layout.ts';

/**
 * The association's assessment of an item or a passage: admins edit it in place (a plain form, so it works without
 * the script; the version travels along as the optimistic lock), everyone else reads it.
 */
export function assessmentBlock(
  ctx: PageContext,
  o: {
    kind: AssessmentKind;
    targetId: string;
    itemId: string;
    assessment: Assessment | null;
    label: string;
    /** The synopsis options of the page ("?reviewed=only"), so saving returns to the same view. */
    query: string;
  },
): Html {
  const text = o.assessment?.text ?? '';
  const isAdmin = ctx.user?.role === 'admin';
  if (!isAdmin)
    return text
      ? html`<div class="assessment"><b>${o.label}:</b> <span class="assessment-text">${text}</span></div>`
      : html``;
  const form = html`<form method="post" action="/synopsis/assessment" class="assessment" id="a-${o.kind}-${o.targetId}">
    <input type="hidden" name="_csrf" value="${ctx.user?.csrfToken ?? ''}" />
    <input type="hidden" name="kind" value="${o.kind}" />
    <input type="hidden" name="target" value="${o.targetId}" />
    <input type="hidden" name="item" value="${o.itemId}" />
    <input type="hidden" name="version" value="${String(o.assessment?.version ?? 0)}" />
    <input type="hidden" name="query" value="${o.query}" />
    <label
      >${o.label} <textarea name="text" rows="${o.kind === 'item' ? 4 : 2}" maxlength="5000">${text}</textarea>
    </label>
    <button type="submit">Bewertung speichern</button>
    ${
      o.assessment && text
        ? html`<span class="muted"
            >zuletzt ${o.assessment.updatedBy},
            ${o.assessment.updatedAt.toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })}</span
          >`
        : ''
    }
  </form>`;
  // A statement without an assessment shows only a small toggle: most statements never get one, and open forms
  // under each of them would halve how many fit on a screen.
  return o.kind === 'passage' && !text
    ? html`<details class="assessment-toggle">
        <summary>Bewertung hinzufügen</summary>
        ${form}
      </details>`
    : form;
}
