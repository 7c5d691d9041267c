import type { SessionUser } from '../../store/review-sessions.ts';
import { html, type Html } from './html.ts';

export interface PageContext {
  user: SessionUser | null;
  nonce: string;
  pipelineTitle: string;
}

const NAV = [
  ['/inbox', 'Eingang'],
  ['/passages', 'Abschnitte'],
  ['/review-queue', 'Prüfliste'],
  ['/synopsis', 'Synopse'],
  ['/coverage', 'Abdeckung'],
] as const;

export function page(ctx: PageContext, title: string, active: string, body: Html): Html {
  const user = ctx.user;
  return html`<!doctype html>
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${user ? html`<meta name="csrf-token" content="${user.csrfToken}" />` : ''}
        <title>${title} · Rücklauf</title>
        <link rel="stylesheet" href="/static/review.css" />
        <script src="/static/review.js" nonce="${ctx.nonce}" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/inbox">Rücklauf</a>
          ${
            user
              ? html`<nav>
                    ${NAV.map(([href, label]) => html`<a href="${href}" class="${active === href ? 'active' : ''}">${label}</a>`)}
                    ${user.role === 'admin' ? html`<a href="/admin/queues">Warteschlangen</a> <a href="/admin/reprocess">Neu verarbeiten</a> <a href="/admin/training">Neu trainieren</a>` : ''}
                  </nav>
                  <span class="who">${user.username} (${user.role})</span>
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value="${user.csrfToken}" /><button type="submit" class="link">
                      Abmelden
                    </button>
                  </form>`
              : ''
          }
        </header>
        <p class="consultation">${ctx.pipelineTitle}</p>
        <main>${body}</main>
      </body>
    </html>`;
}
