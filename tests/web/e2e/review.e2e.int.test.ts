import { mkdir, readFile } from 'node:fs/promises';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startWebHarness, type WebHarness } from '../web-harness.ts';
import { launchChromium, submitLogin } from './browser.ts';

const SHOTS = 'test-output/screenshots';

/**
 * The review workspace in a real browser (Debian's Chromium via playwright-core): log in, correct a tag by mouse
 * and keyboard, find the correction in the synopsis and in the Word export, and open the hostile HTML mail.
 */
describe('review workspace in Chromium', () => {
  let w: WebHarness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const requests: string[] = [];
  const responses: string[] = [];
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    [w, browser] = await Promise.all([
      startWebHarness({
        mails: [
          '01-body-only.eml',
          '03-docx-letter.eml',
          '04-forwarded-bundle.eml',
          '05-fehlanzeige-html.eml',
          '06-corrupt-pdf-and-docx.eml',
          '08-late-reply.eml',
        ],
      }),
      launchChromium(),
      mkdir(SHOTS, { recursive: true }),
    ]);
    page = await browser.context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('response', (r) => responses.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    // Counts any script execution that the hostile mail could cause, even if dialogs were suppressed.
    // (Browser-side code as strings: the tests are type-checked without the DOM library.)
    await page.addInitScript('window.__xss = 0; window.alert = () => { window.__xss++; };');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  const harz = () => w.messageIds.get('01-body-only.eml') ?? '';
  const attestCard = () => page.locator('article.passage', { hasText: 'Ärztliche Atteste werden regelmäßig' });

  it('logs in and shows the inbox with respondents, deadline state and review counts', async () => {
    await page.goto(`${w.base}/inbox`);
    expect(page.url()).toContain('/login?next=%2Finbox');
    await submitLogin(page, 'rita', PASSWORD, `${w.base}/inbox`);
    const inbox = page.locator('#inbox');
    await expect.poll(() => inbox.locator('tbody tr').count()).toBe(6);
    const text = await inbox.innerText();
    expect(text).toContain('Landkreis Harz');
    expect(text).toContain('Landkreis Barnim');
    expect(text).toContain('verspätet'); // 08-late-reply, 30.9.2024
    // The corrupt PDF's reason is shown, with a button to process the reply again.
    const corrupt = inbox.locator('tr', { hasText: 'Vorpommern-Greifswald' });
    expect(await corrupt.innerText()).toContain('extract.corrupt');
    expect(await corrupt.locator('a', { hasText: 'Erneut verarbeiten' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/inbox.png`, fullPage: true });
  });

  it('corrects a tag by click and by keyboard in the reply view', async () => {
    await page.click(`a[href="/replies/${harz()}"]`);
    await page.waitForURL(`**/replies/${harz()}`);
    const card = attestCard();
    await expect
      .poll(() => card.locator('.dim[data-dimension=item] .chip-label').allInnerTexts())
      .toContain('Anlage 1 Nr. 7 – Reisefähigkeit und ärztliche Atteste');
    // Click: add item Anlage 1 Nr. 6 through the select (the editing controls open when the passage has focus).
    await card.focus();
    await card.locator('select[data-dimension=item]').selectOption('A1-DULDUNG');
    await expect.poll(() => attestCard().locator('.status').innerText()).toBe('gespeichert');
    // Click: remove the machine's Nr. 7.
    await attestCard().locator('button[data-action=remove][data-label=A1-ATTEST]').click();
    await expect
      .poll(() => attestCard().locator('.dim[data-dimension=item] .chip-label').allInnerTexts())
      .toEqual(['Anlage 1 Nr. 6 – Duldung, Ankündigung und Widerruf']);
    // Keyboard: choose Anlage 2 for number keys, then "2" sets Anlage 2 Nr. 2 on the focused passage.
    await page.selectOption('#key-group', 'A2');
    await attestCard().focus();
    // Focusing a passage marks it in the original text beside it.
    expect(await page.locator('mark.active').innerText()).toContain('Ärztliche Atteste werden regelmäßig');
    await page.keyboard.press('2');
    await expect
      .poll(() => attestCard().locator('.dim[data-dimension=item] .chip-label').allInnerTexts())
      .toContain('Anlage 2 Nr. 2 – Passersatzbeschaffung und Botschaften');
    // The audit trail is visible on the corrected passage.
    expect(await attestCard().locator('details.audit summary').innerText()).toBe('Änderungen (3)');
    await page.screenshot({ path: `${SHOTS}/reply.png`, fullPage: true });
  });

  it('walks the uncertain passages by keyboard: "n" jumps to the next, "a" accepts it', async () => {
    // Ostholstein's Word letter has passages the classifier marked for review.
    await page.goto(`${w.base}/replies/${w.messageIds.get('03-docx-letter.eml') ?? ''}`);
    const uncertainBefore = await page.locator('article.passage[data-uncertain=true]').count();
    expect(uncertainBefore).toBeGreaterThan(0);
    await page.keyboard.press('n');
    const focused = String(await page.evaluate('document.activeElement?.id ?? ""'));
    expect(focused).toMatch(/^p-psg_/);
    expect(await page.locator(`#${focused}`).getAttribute('data-uncertain')).toBe('true');
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('article.passage[data-uncertain=true]').count()).toBe(uncertainBefore - 1);
    expect(await page.locator(`#${focused} .tag.ok`).innerText()).toBe('geprüft von rita');
    await page.screenshot({ path: `${SHOTS}/reply-docx-letter.png`, fullPage: false });
  });

  it('shows the correction in the synopsis and in the Word export', async () => {
    await page.goto(`${w.base}/synopsis/A1-DULDUNG`);
    const quote = page.locator('figure.quote', { hasText: 'Ärztliche Atteste werden regelmäßig' });
    await expect.poll(() => quote.count()).toBe(1);
    expect(await quote.locator('figcaption').innerText()).toContain('Landkreis Harz');
    expect(await quote.locator('figcaption').innerText()).toContain('geprüft');
    await page.goto(`${w.base}/synopsis/A1-ATTEST`);
    expect(await page.locator('figure.quote', { hasText: 'Ärztliche Atteste werden regelmäßig' }).count()).toBe(0);
    await page.goto(`${w.base}/synopsis/A1-DULDUNG`);
    await page.screenshot({ path: `${SHOTS}/synopsis.png`, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href="/export/synopsis.docx"]'),
    ]);
    await download.saveAs('test-output/synopse.docx');
    const bytes = await readFile('test-output/synopse.docx');
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
    // The item's chapter: from its heading (after the table of contents) to the next heading.
    const section =
      html
        .split(/<h2>(?:<a id="_Toc\d+"><\/a>)?Anlage 1 Nr\. 6 – Duldung, Ankündigung und Widerruf<\/h2>/)[1]
        ?.split('<h2>')[0] ?? '';
    expect(section).toContain('Ärztliche Atteste werden regelmäßig');
    expect(section).toContain('<strong>Landkreis Harz</strong></p><p><em>E-Mail-Text</em>');
  });

  it('RELIABILITY #26: the hostile HTML mail runs no script and loads no remote image', async () => {
    const id = w.messageIds.get('05-fehlanzeige-html.eml') ?? '';
    requests.length = 0;
    await page.goto(`${w.base}/replies/${id}`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('pre.doctext').first().innerText()).toContain('Fehlanzeige');
    expect(await page.evaluate('window.__xss')).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main script, main [onerror]').count()).toBe(0);
    const foreign = requests.filter((u) => !u.startsWith(w.base));
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.includes('tracker.example'))).toBe(false);
  });

  it('shows the coverage matrix, filtered by Land, and the review queue', async () => {
    await page.goto(`${w.base}/coverage`);
    expect(await page.locator('#coverage tbody tr').count()).toBe(294);
    await page.selectOption('select[name=land]', 'BB');
    await page.waitForURL('**/coverage?land=BB');
    const rows = page.locator('#coverage tbody tr');
    expect(await rows.count()).toBe(14);
    expect(await page.locator('#coverage tr.replied th').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Barnim'), expect.stringContaining('Uckermark')]),
    );
    await page.screenshot({ path: `${SHOTS}/coverage.png`, fullPage: false });
    // The queue's order is under test, not how many passages this model happens to doubt: make sure several are open.
    await w.t.db.query(
      `UPDATE passages SET needs_review = true WHERE id IN (
         SELECT p.id FROM passages p WHERE p.boilerplate IS NULL AND NOT EXISTS (SELECT 1 FROM passage_reviews r WHERE r.passage_id = p.id)
         ORDER BY p.id LIMIT 3)`,
    );
    await page.goto(`${w.base}/review-queue`);
    const confidences = (await page.locator('#review-queue tbody td.num').allInnerTexts()).map((t) =>
      Number.parseInt(t, 10),
    );
    expect(confidences.length).toBeGreaterThanOrEqual(3);
    expect([...confidences].sort((a, b) => a - b)).toEqual(confidences);
    await page.screenshot({ path: `${SHOTS}/review-queue.png`, fullPage: false });
    await page.goto(`${w.base}/admin/queues`); // rita is a reviewer
    expect(await page.content()).toContain('not allowed');
  });

  it('raised no Content-Security-Policy violation on our own pages', () => {
    expect(cspViolations).toEqual([]);
  });

  it('shows the queue dashboard to an admin', async () => {
    await page.goto(`${w.base}/inbox`);
    await page.click('button.link'); // Abmelden
    await page.waitForURL('**/login');
    await submitLogin(page, 'ada', PASSWORD, '**/inbox');
    await page.click('a[href="/admin/queues"]');
    await page.getByText('classify', { exact: false }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/admin-queues.png`, fullPage: false });
    // bull-board asks for Google Fonts; the CSP keeps that request from leaving.
    expect(cspViolations.filter((v) => !v.includes('fonts.googleapis.com'))).toEqual([]);
    expect(responses.some((u) => u.includes('fonts.googleapis.com'))).toBe(false);
  });
});
