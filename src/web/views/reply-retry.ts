import type { ReplyHeader } from '../../store/inbox.ts';
import { html, STATE_LABEL, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

export const NO_WORKER_HINT =
  'Es läuft kein Verarbeitungsprozess (Worker). Die Antwort bleibt in der Warteschlange, bis jemand „ruecklauf worker“ oder „ruecklauf start“ startet.';

/** Worker status line: whether a reprocess (or a reply still in progress) will actually move. */
export function workerHint(workers: number | null): Html {
  if (workers === null)
    return html`<p class="reason bad" role="status">Redis antwortet nicht: die Warteschlange ist nicht erreichbar.</p>`;
  if (workers === 0) return html`<p class="reason warn" role="status" data-hint="no-worker">${NO_WORKER_HINT}</p>`;
  return html`<p class="muted" role="status">${workers} Worker verbunden.</p>`;
}

/** The confirmation step before a reply is extracted and classified again. */
export function replyRetryPage(
  ctx: PageContext,
  o: { header: ReplyHeader; reviewed: number; workers: number | null; csrf: string; allowed: boolean },
): Html {
  const h = o.header;
  const body = html`<h1>Antwort erneut verarbeiten?</h1>
    <p><b>${h.subject ?? '(ohne Betreff)'}</b> · Status: ${STATE_LABEL[h.state] ?? h.state}</p>
    <p>
      Text und Abschnitte werden neu gelesen und die maschinellen Schlagworte neu vergeben. Die Entscheidungen der
      Prüfenden bleiben erhalten (${o.reviewed} geprüfte Abschnitte); Abschnitte, die es danach nicht mehr gibt, werden
      als ersetzt markiert.
    </p>
    ${workerHint(o.workers)}
    ${
      o.allowed
        ? html`<form method="post" action="/replies/${h.id}/retry" class="inline">
            <input type="hidden" name="_csrf" value="${o.csrf}" />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" class="primary">Ja, erneut verarbeiten</button>
          </form>`
        : html`<p class="reason">
            Nur fehlgeschlagene Antworten dürfen Prüfende neu verarbeiten lassen; andere nur Admins.
          </p>`
    }
    <a href="/replies/${h.id}">Abbrechen</a>`;
  return page(ctx, 'Erneut verarbeiten', '/inbox', body);
}
