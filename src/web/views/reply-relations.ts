import type { ReplyRelationsModel } from '../relations/load-reply-relations.ts';
import { html, type Html } from './html.ts';

const RELATION_LABEL = { addendum: 'Ergänzung', replacement: 'Ersetzung', none: 'kein Bezug' } as const;

/**
 * The reply's relations to other replies, above its passages: versions (changeable by the reviewer), endorsements,
 * and passages that other counties sent in the same words (with a button applying this passage's correction to all).
 */
export function replyRelationsView(m: ReplyRelationsModel, csrf: string): Html {
  const facts = m.letters.map((l) => letterLine(l.facts));
  if (m.versions.length === 0 && m.endorsements.length === 0 && m.groups.length === 0) return html`${facts}`;
  return html`${facts}
    <section class="relations">
      <h2>Bezüge zu anderen Antworten</h2>
      ${m.versions.map((v) => versionLine(m.messageId, v, csrf))}
      ${m.endorsements.map(
        (e) =>
          html`<p class="endorsement">
            Schließt sich <b>${e.target}</b> an <a href="#p-${e.passageId}">(Abschnitt)</a>
          </p>`,
      )}
      ${m.groups.map(
        (g) =>
          html`<form method="post" action="/groups/${g.groupId}/apply" class="group">
            <input type="hidden" name="_csrf" value="${csrf}" />
            <input type="hidden" name="from" value="${g.passageId}" />
            <input type="hidden" name="back" value="${m.messageId}" />
            <a href="#p-${g.passageId}">Abschnitt</a> gleichlautend bei
            ${g.others.map((o, i) => html`${i > 0 ? ', ' : ''}<a href="/replies/${o.messageId}#p-${o.passageId}">${o.label}</a>`)}
            <button type="submit">Korrektur dieses Abschnitts auf alle übertragen</button>
          </form>`,
      )}
    </section>`;
}

function versionLine(messageId: string, v: ReplyRelationsModel['versions'][number], csrf: string): Html {
  const other = html`<a href="/replies/${v.otherMessageId}">${v.otherLabel}</a>`;
  const says =
    v.direction === 'later'
      ? html`${RELATION_LABEL[v.relation]} zur früheren Antwort von ${other}`
      : v.relation === 'replacement'
        ? html`<b>Ersetzt</b> durch eine spätere Antwort von ${other}: nicht in der Synopse`
        : html`${RELATION_LABEL[v.relation]} durch eine spätere Antwort von ${other}`;
  const by =
    v.source === 'reviewer'
      ? html` <span class="muted">(gesetzt von ${v.setBy ?? '?'})</span>`
      : html` <span class="muted">(erkannt)</span>`;
  // The relation is changed where it was made: on the later reply.
  if (v.direction !== 'later') return html`<p class="version">${says}${by}</p>`;
  return html`<form method="post" action="/replies/${messageId}/version" class="version">
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="origin" value="${v.originPath}" />
    <input type="hidden" name="earlier" value="${v.otherMessageId}" />
    <input type="hidden" name="earlierOrigin" value="${v.otherOriginPath}" />
    ${says}${by}
    <select name="relation" aria-label="Bezug ändern">
      ${(['addendum', 'replacement', 'none'] as const).map(
        (r) => html`<option value="${r}" ${r === v.relation ? 'selected' : ''}>${RELATION_LABEL[r]}</option>`,
      )}
    </select>
    <button type="submit">Ändern</button>
  </form>`;
}

/** "Kreis Dithmarschen · Az. 32.4-102/2024 · Ihr Zeichen II/32-2024 · 11.09.2024 · gez. Huber": the letter's facts. */
function letterLine(f: ReplyRelationsModel['letters'][number]['facts']): Html {
  const parts = [
    f.office,
    f.fileNumber && `Az. ${f.fileNumber}`,
    f.theirReference && `Bezug ${f.theirReference}`,
    f.date,
    f.signer && `gez. ${f.signer}`,
  ].filter((x): x is string => Boolean(x));
  return html`<p class="letter-facts muted">
    Briefkopf: ${parts.join(' · ')}${f.subject ? html` — Betreff: <i>${f.subject}</i>` : ''}
  </p>`;
}
