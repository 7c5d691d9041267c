import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHarness } from '../web-harness.ts';
import { SHOTS, startReviewerSession, type ReviewerSession } from './reviewer-session.ts';

/**
 * Issue 17 item 6 in a real browser: the reviewer switches the review queue to "lehrreich zuerst"; the rows come in
 * the order of the stored instructive score, each with the reason for its place, and a passage the reviewer
 * confirms leaves the queue.
 */
describe('review queue, "lehrreich zuerst" (Chromium)', () => {
  let session: ReviewerSession;
  let w: WebHarness;
  let page: Page;

  beforeAll(async () => {
    session = await startReviewerSession(['01-body-only.eml', '04-forwarded-bundle.eml', '05-fehlanzeige-html.eml']);
    ({ w, page } = session);
  }, 120_000);
  afterAll(() => session?.close());

  /** What the order must be: unreviewed, non-boilerplate, scored passages, best first (as the index serves it). */
  const expected = () =>
    w.t.db.query<{ id: string; instructive: number }>(
      `SELECT p.id, p.instructive FROM passages p LEFT JOIN passage_reviews r ON r.passage_id = p.id
       WHERE p.instructive IS NOT NULL AND p.superseded_at IS NULL AND r.reviewed_at IS NULL
         AND coalesce(r.boilerplate_override, p.boilerplate IS NOT NULL) = false
       ORDER BY p.instructive DESC, p.id`,
    );

  it('shows the queue in instructive order with the reason for each place', async () => {
    await page.goto(`${w.base}/review-queue`);
    expect(await page.locator('#review-queue').getAttribute('data-order')).toBe('confidence');
    await page.click('#order-instructive');
    await page.waitForURL(/order=instructive/);
    expect(await page.locator('#review-queue').getAttribute('data-order')).toBe('instructive');
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/lehrreich zuerst/);

    const rows = page.locator('#review-queue tbody tr');
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));
    const want = await expected();
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toEqual(want.map((r) => r.id));
    // The first column is the score, German decimals, never increasing.
    const scores = (await rows.locator('td.num').allInnerTexts()).map((t) => Number(t.replace(',', '.')));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeCloseTo(want[0]?.instructive ?? -1, 2);
    // Every row says why it stands there: the doubt, and how many reviewed examples its item has.
    const reasons = await rows.locator('.order-reason').allInnerTexts();
    expect(reasons).toHaveLength(ids.length);
    for (const r of reasons)
      expect(r).toMatch(/^(Unsicher|Recht sicher|Grenzfall|Haltung (unklar|recht sicher)|Vom Gedächtnis)/);
    expect(reasons.some((r) => /Anlage \d Nr\. \d+ hat (noch kein|erst \d+) geprüfte/.test(r))).toBe(true);
    // The API gives the same reasons in the same order.
    const api = (await page.evaluate(async () => {
      const res = await fetch('/api/passages?order=instructive&pageSize=200');
      return res.json();
    })) as { passages: { id: string; instructive: { reason: string } | null }[] };
    expect(api.passages.map((p) => p.instructive?.reason)).toEqual(reasons);
    await page.screenshot({ path: `${SHOTS}/review-queue-instructive.png`, fullPage: true });
  });

  it('a passage the reviewer confirmed leaves the instructive queue', async () => {
    const [first] = await expected();
    expect(first).toBeDefined();
    const csrf = await page.locator('meta[name=csrf-token]').getAttribute('content');
    expect(csrf).toBeTruthy();
    const status = await page.evaluate(
      async ([id, token]) => {
        const res = await fetch(`/api/passages/${id}/changes`, {
          method: 'POST',
          headers: { 'x-csrf-token': token ?? '', 'content-type': 'application/json' },
          body: JSON.stringify({ version: 0, change: { kind: 'accept' } }),
        });
        return res.status;
      },
      [first?.id ?? '', csrf ?? ''] as const,
    );
    expect(status).toBe(200);
    await page.reload();
    const ids = await page
      .locator('#review-queue tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));
    expect(ids).not.toContain(first?.id);
    expect(ids).toEqual((await expected()).map((r) => r.id));
  });

  it('an unknown order is refused with the allowed ones named', async () => {
    const res = await page.goto(`${w.base}/review-queue?order=zufall`);
    expect(res?.status()).toBe(400);
    expect(await page.locator('[role=alert]').innerText()).toBe('Reihenfolge order: one of confidence, instructive');
  });
});
