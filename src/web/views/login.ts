import { html, type Html } from './html.ts';
import { page, type PageContext } from './layout.ts';

export function loginPage(ctx: PageContext, o: { csrf: string; next: string; error: string | null }): Html {
  return page(
    ctx,
    'Anmelden',
    '',
    html`<section class="login">
      <h1>Anmelden</h1>
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value="${o.csrf}" />
        <input type="hidden" name="next" value="${o.next}" />
        <label>Benutzername <input name="username" autocomplete="username" required autofocus /></label>
        <label>Passwort <input name="password" type="password" autocomplete="current-password" required /></label>
        <button type="submit">Anmelden</button>
      </form>
    </section>`,
  );
}
