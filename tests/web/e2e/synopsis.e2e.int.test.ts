import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type WebHarness } from '../web-harness.ts';
import { startConsultation } from '../synopsis/consultation-fixture.ts';
import { paragraphs, readDocx, tableRows } from '../synopsis/docx-text.ts';
import { launchChromium, submitLogin } from './browser.ts';

const SHOTS = 'test-output/screenshots';

/** The synopsis page in Chromium: the stance chart, the reviewed-only filter, an admin's assessment, the download. */
describe('synopsis page in Chromium', () => {
  let w: WebHarness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    [w, browser] = await Promise.all([startConsultation(), launchChromium(), mkdir(SHOTS, { recursive: true })]);
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${w.base}/login?next=%2Fsynopsis`);
    await submitLogin(page, 'ada', PASSWORD, `${w.base}/synopsis`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('shows the stance chart and per-item counts; the reviewed-only filter lives in the URL and the downloads', async () => {
    const chart = page.locator('img#stance-chart');
    // The PNG was decoded by the browser: a real image of the server-rendered chart, not a broken link.
    await expect
      .poll(() =>
        chart.evaluate((img) => {
          const i = img as unknown as { complete: boolean; naturalWidth: number };
          return i.complete ? i.naturalWidth : 0;
        }),
      )
      .toBeGreaterThan(400);
    const attest = page.locator('tr', { hasText: 'Anlage 1 Nr. 7 – Reisefähigkeit' });
    expect(await attest.locator('td.num').first().innerText()).toBe('6'); // Emsland's statement is not reviewed yet
    await page.check('input[name=reviewed]');
    await page.click('form.synopsis-options button[type=submit]');
    await page.waitForURL(/\/synopsis\?reviewed=only/);
    expect(await attest.locator('td.num').first().innerText()).toBe('5');
    expect(await chart.getAttribute('src')).toBe('/synopsis/chart.png?reviewed=only');
    expect(await page.locator('a', { hasText: 'Synopse (Word)' }).getAttribute('href')).toBe(
      '/export/synopsis.docx?reviewed=only',
    );
    await page.screenshot({ path: `${SHOTS}/synopsis-index.png`, fullPage: false });
  });

  it('an admin writes the assessment of the item and of one statement; both reach the Word file', async () => {
    await page.click('a:has-text("Anlage 1 Nr. 7 – Reisefähigkeit")');
    await page.waitForURL(/\/synopsis\/A1-ATTEST\?reviewed=only/);
    expect(await page.locator('p.summary').innerText()).toContain('5 Landkreise haben sich geäußert (BY, NI, SH, ST)');
    // The model statement of three counties is shown once, with all three.
    const merged = page.locator('figure.quote', { hasText: 'Die Anforderungen an qualifizierte' });
    expect(await merged.count()).toBe(1);
    expect(await merged.locator('figcaption').innerText()).toMatch(
      /3 Landkreise, gleichlautend[\s\S]*Celle[\s\S]*Harburg[\s\S]*Rosenheim/,
    );

    const itemForm = page.locator('form#a-item-A1-ATTEST');
    await itemForm.locator('textarea').fill('Der DLT hält eine gesetzliche Präzisierung für geboten.');
    await itemForm.locator('button[type=submit]').click();
    await page.waitForURL(/\/synopsis\/A1-ATTEST\?reviewed=only#a-item-A1-ATTEST$/);
    expect(await page.locator('form#a-item-A1-ATTEST textarea').inputValue()).toBe(
      'Der DLT hält eine gesetzliche Präzisierung für geboten.',
    );
    expect(await page.locator('form#a-item-A1-ATTEST').innerText()).toContain('zuletzt ada');

    const statementForm = merged.locator('form.assessment');
    await merged.locator('summary', { hasText: 'Bewertung hinzufügen' }).click();
    await statementForm.locator('textarea').fill('Musterstellungnahme des NLT; übernehmen.');
    await statementForm.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(
      await page
        .locator('figure.quote', { hasText: 'Die Anforderungen an qualifizierte' })
        .locator('textarea')
        .inputValue(),
    ).toBe('Musterstellungnahme des NLT; übernehmen.');
    await page.screenshot({ path: `${SHOTS}/synopsis-item.png`, fullPage: true });

    await page.goto(`${w.base}/synopsis?reviewed=only`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Synopse (Word)")')]);
    await download.saveAs('test-output/synopse-e2e.docx');
    const docx = await readDocx(await readFile('test-output/synopse-e2e.docx'));
    expect(paragraphs(docx.document)).toContain('Der DLT hält eine gesetzliche Präzisierung für geboten.');
    const row = tableRows(docx.document).find((r) => r[1]?.startsWith('„Die Anforderungen an qualifizierte'));
    expect(row?.[2]).toBe('Musterstellungnahme des NLT; übernehmen.');
    expect(paragraphs(docx.document).join('\n')).not.toContain('Emsland');
    expect(cspViolations).toEqual([]);
  });

  it('a reviewer reads assessments but gets no form to change them', async () => {
    // The last test: logging ada out of the shared browser profile is harmless now.
    await browser.context.clearCookies();
    const reviewerPage = await browser.context.newPage();
    await reviewerPage.goto(`${w.base}/login?next=%2Fsynopsis%2FA1-ATTEST`);
    await submitLogin(reviewerPage, 'rita', PASSWORD, `${w.base}/synopsis/A1-ATTEST`);
    expect(await reviewerPage.locator('form.assessment').count()).toBe(0);
    expect(await reviewerPage.locator('.assessment').first().innerText()).toContain(
      'Der DLT hält eine gesetzliche Präzisierung für geboten.',
    );
    await reviewerPage.close();
  });
});
