import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHarness } from '../web-harness.ts';
import { SHOTS, startReviewerSession, type ReviewerSession } from './reviewer-session.ts';

/**
 * Issue 15 in a real browser: a reviewer searches and filters passages (filters in the URL, back button), marks a
 * selection as boilerplate, confirms one dimension at a time by keyboard, and splits a passage — each result checked
 * in PostgreSQL, not only on the page.
 */
describe('review workspace at scale (Chromium)', () => {
  let session: ReviewerSession;
  let w: WebHarness;
  let page: Page;

  beforeAll(async () => {
    session = await startReviewerSession(['01-body-only.eml', '04-forwarded-bundle.eml', '05-fehlanzeige-html.eml']);
    ({ w, page } = session);
  }, 120_000);
  afterAll(() => session?.close());

  const harz = () => w.messageIds.get('01-body-only.eml') ?? '';
  const passageByText = async (text: string) =>
    (
      await w.t.db.query<{ id: string }>(`SELECT id FROM passages WHERE text LIKE $1 AND superseded_at IS NULL`, [
        `%${text}%`,
      ])
    )[0]?.id ?? '';
  const reviewerDimensions = async (id: string) =>
    (
      await w.t.db.query<{ dimension: string }>(
        `SELECT DISTINCT dimension FROM tags WHERE passage_id = $1 AND source = 'reviewer' ORDER BY dimension`,
        [id],
      )
    ).map((r) => r.dimension);

  it('searches and filters passages; the filters live in the URL and the back button restores them', async () => {
    await page.click('nav a[href="/passages"]');
    await page.waitForURL(`${w.base}/passages`);
    const all = await page.locator('#passage-list tbody tr').count();
    expect(all).toBeGreaterThan(3);
    await page.fill('.filterbar input[name=q]', 'Abschiebungen'); // stemmed: finds "Abschiebung"
    await page.click('.filterbar button[type=submit]');
    await page.waitForURL(/q=Abschiebungen/);
    const found = await page.locator('#passage-list tbody').innerText();
    expect(found).toContain('Ärztliche Atteste werden regelmäßig');
    expect(found).toContain('Landkreis Harz');
    // A second filter narrows further and is added to the URL.
    await page.selectOption('.filterbar select[name=land]', 'BB');
    await page.click('.filterbar button[type=submit]');
    await page.waitForURL(/land=BB/);
    expect(page.url()).toContain('q=Abschiebungen');
    expect(await page.locator('#passage-list tbody').innerText()).not.toContain('Ärztliche Atteste');
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('land=BB'));
    expect(await page.locator('#passage-list tbody').innerText()).toContain('Ärztliche Atteste');
    expect(await page.inputValue('.filterbar input[name=q]')).toBe('Abschiebungen');
    // The inbox has the same kind of bar: Brandenburg's bundle alone.
    await page.goto(`${w.base}/inbox?land=BB`);
    expect(await page.locator('#inbox tbody tr').count()).toBe(1);
    expect(await page.locator('#inbox').innerText()).toContain('Landkreis Barnim');
    await page.screenshot({ path: `${SHOTS}/inbox-filtered.png`, fullPage: true });
  });

  it('marks a selection as boilerplate in one bulk action', async () => {
    await page.goto(`${w.base}/passages?respondent=15085`);
    const rows = page.locator('#passage-list tbody tr');
    const before = await rows.count();
    expect(before).toBeGreaterThan(2);
    const target = await passageByText('Passersatzbeschaffung');
    const other = await passageByText('Verlängerung des Ausreisegewahrsams');
    await page.check(`input.pick[value="${target}"]`);
    await page.check(`input.pick[value="${other}"]`);
    expect(await page.locator('#bulk-count').innerText()).toBe('2');
    await page.screenshot({ path: `${SHOTS}/passages-bulk.png`, fullPage: true });
    await Promise.all([page.waitForEvent('load'), page.click('button[data-bulk=boilerplate]')]);
    // Content only (boilerplate=false is the default): both are gone from the list, and stored as the reviewer's word.
    await expect.poll(() => rows.count()).toBe(before - 2);
    const stored = await w.t.db.query<{ passage_id: string; boilerplate_override: boolean }>(
      `SELECT passage_id, boilerplate_override FROM passage_reviews WHERE passage_id = ANY($1::text[]) ORDER BY passage_id`,
      [`{${target},${other}}`],
    );
    expect(stored.map((r) => r.boilerplate_override)).toEqual([true, true]);
  });

  it('confirms items, topics and stance separately by keyboard; the queue keeps what is unconfirmed', async () => {
    const attest = await passageByText('Ärztliche Atteste werden regelmäßig');
    await page.goto(`${w.base}/replies/${harz()}`);
    expect(await page.locator('#keymap').innerText()).toContain('Nummern / Themen / Haltung bestätigen');
    const card = () => page.locator(`#p-${attest}`);
    await card().focus();
    await page.keyboard.press('i'); // items only
    await expect.poll(() => card().locator('.dim[data-dimension=item]').getAttribute('data-confirmed')).toBe('true');
    expect(await card().locator('.dim[data-dimension=stance]').getAttribute('data-confirmed')).toBe('false');
    expect(await reviewerDimensions(attest)).toEqual(['item']);
    const [half] = await w.t.db.query<{ reviewed_at: Date | null }>(
      'SELECT reviewed_at FROM passage_reviews WHERE passage_id = $1',
      [attest],
    );
    expect(half?.reviewed_at).toBeNull(); // not "geprüft" while the stance is open
    const open = await (
      await page.request.get(`${w.base}/api/passages?unconfirmed=stance&respondent=15085&pageSize=200`)
    ).json();
    expect((open as { passages: { id: string }[] }).passages.map((p) => p.id)).toContain(attest);
    await page.keyboard.press('o'); // topics
    await page.keyboard.press('h'); // stance
    await expect.poll(() => reviewerDimensions(attest)).toEqual(['item', 'stance', 'topic']);
    await expect.poll(() => card().locator('.tag.ok').innerText()).toBe('geprüft von rita');
    // Keyboard review goes on: j to the next passage (boilerplate shown, the bulk action above hid two), a number key
    // sets an item, u undoes it.
    await page.check('#show-boilerplate');
    await card().focus();
    await page.keyboard.press('j');
    const next = String(await page.evaluate('document.activeElement?.id ?? ""'));
    expect(next).toMatch(/^p-psg_/);
    expect(next).not.toBe(`p-${attest}`);
    await page.keyboard.press('k');
    expect(String(await page.evaluate('document.activeElement?.id ?? ""'))).toBe(`p-${attest}`);
    await page.selectOption('#key-group', 'A1');
    await card().focus();
    await page.keyboard.press('9');
    const nextId = attest;
    await expect
      .poll(async () =>
        (
          await w.t.db.query<{ label: string }>(
            `SELECT label FROM tags WHERE passage_id = $1 AND source = 'reviewer' AND dimension = 'item'`,
            [nextId],
          )
        ).map((r) => r.label),
      )
      .toContain('A1-KIRCHENASYL');
    // The page has the change (and so its undo) once the refreshed card shows the chip.
    await expect
      .poll(() => card().locator('.dim[data-dimension=item] .chip-label').allInnerTexts())
      .toContain('Anlage 1 Nr. 9 – Kirchenasyl');
    await page.keyboard.press('u');
    await expect
      .poll(async () =>
        (
          await w.t.db.query<{ label: string }>(
            `SELECT label FROM tags WHERE passage_id = $1 AND source = 'reviewer' AND dimension = 'item'`,
            [nextId],
          )
        ).map((r) => r.label),
      )
      .not.toContain('A1-KIRCHENASYL');
    await page.screenshot({ path: `${SHOTS}/reply-keymap.png`, fullPage: false });
  });

  it('splits a passage at the caret: offsets kept, both parts back to review', async () => {
    const [before] = await w.t.db.query<{ id: string; char_start: number; char_end: number; text: string }>(
      `SELECT p.id, p.char_start, p.char_end, p.text FROM passages p
       WHERE p.message_id = $1 AND p.text LIKE '%Flug zu organisieren%' AND p.superseded_at IS NULL`,
      [harz()],
    );
    expect(before).toBeDefined();
    const cut = before!.text.indexOf('In der Praxis');
    expect(cut).toBeGreaterThan(0);
    await page.goto(`${w.base}/replies/${harz()}`);
    await page.check('#show-boilerplate'); // the bulk action above made this passage boilerplate
    const card = page.locator(`#p-${before!.id}`);
    await card.focus();
    // The text element holds exactly the passage text (a split sends the caret's offset in it).
    expect(await card.locator('.ptext').textContent()).toBe(before!.text);
    // Put the caret before "In der Praxis", as a reviewer clicking into the text would.
    await page.evaluate(
      `(() => { const t = document.querySelector('#p-${before!.id} .ptext').firstChild;
        const r = document.createRange(); r.setStart(t, ${cut}); r.collapse(true);
        const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); })()`,
    );
    await Promise.all([page.waitForEvent('load'), card.locator('button[data-action=split]').click()]);
    const parts = await w.t.db.query<{ id: string; char_start: number; char_end: number; text: string }>(
      `SELECT p.id, p.char_start, p.char_end, p.text FROM passages p
       WHERE p.message_id = $1 AND p.char_start >= $2 AND p.char_end <= $3 ORDER BY p.char_start`,
      [harz(), before!.char_start, before!.char_end],
    );
    expect(parts).toHaveLength(2);
    expect(parts[0]?.text.endsWith('begrüßt.')).toBe(true);
    expect(parts[1]?.text.startsWith('In der Praxis')).toBe(true);
    expect(parts[0]?.char_start).toBe(before!.char_start);
    expect(parts[1]?.char_end).toBe(before!.char_end);
    // The offsets still point at the parts' text in the document.
    const [doc] = await w.t.db.query<{ text: string }>(
      `SELECT d.text FROM documents d JOIN passages p ON p.document_id = d.id WHERE p.id = $1`,
      [parts[1]!.id],
    );
    expect(doc?.text.slice(parts[1]!.char_start, parts[1]!.char_end)).toBe(parts[1]!.text);
    // The parts carry the machine's tags as suggestions and no reviewer decision.
    for (const part of parts) expect(await reviewerDimensions(part.id)).toEqual([]);
    expect(await page.locator(`#p-${parts[1]!.id}`).count()).toBe(1);
    await page.goto(`${w.base}/coverage?land=ST`);
    const cell = page.locator('tr', { hasText: 'Landkreis Harz' }).locator('td.hit a').first();
    const href = await cell.getAttribute('href');
    expect(href).toMatch(/^\/passages\?respondent=15085&item=/);
    await cell.click();
    await page.waitForURL(/\/passages\?respondent=15085/);
    expect(await page.locator('#passage-list tbody tr').count()).toBeGreaterThan(0);
    await page.goto(`${w.base}/coverage`);
    await page.screenshot({ path: `${SHOTS}/coverage.png`, fullPage: false });
  });
});
