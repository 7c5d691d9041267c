import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

/** The source beside the passage: the PDF page with the passage's words boxed (poppler, matched at render time). */
describe('PDF passage highlight', () => {
  let w: WebHarness;
  let rita: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['04-forwarded-bundle.eml'] });
    rita = await login(w.base, 'rita');
  });
  afterAll(async () => w?.close());

  it('returns boxes on the passage’s page that lie on the page and cover its words', async () => {
    const [p] = await w.t.db.query<{ id: string; document_id: string; page: number; text: string }>(
      `SELECT p.id, p.document_id, p.page, p.text FROM passages p JOIN documents d ON d.id = p.document_id
       WHERE d.format = 'pdf' AND p.page IS NOT NULL AND p.boilerplate IS NULL AND length(p.text) > 60
       ORDER BY p.seq LIMIT 1`,
    );
    expect(p).toBeDefined();
    const url = `${w.base}/documents/${p!.document_id}/pages/${p!.page}/highlight?passage=${p!.id}`;
    const res = await fetch(url, { headers: { cookie: rita.cookie } });
    expect(res.status).toBe(200);
    const { boxes } = (await res.json()) as { boxes: { x: number; y: number; w: number; h: number }[] };
    const words = p!.text.split(/\s+/).filter(Boolean).length;
    expect(boxes.length).toBeGreaterThanOrEqual(Math.min(3, words));
    expect(boxes.length).toBeLessThanOrEqual(words + 2);
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(1);
      expect(b.y + b.h).toBeLessThanOrEqual(1);
    }
    // Not for a passage of another document, and not without a login.
    const other = await fetch(
      `${w.base}/documents/${p!.document_id}/pages/${p!.page}/highlight?passage=psg_${'0'.repeat(32)}`,
      {
        headers: { cookie: rita.cookie },
      },
    );
    expect(other.status).toBe(400);
    expect((await fetch(url)).status).toBe(401);
    // The reply view wraps each page for the overlay and has zoom buttons.
    const view = await (
      await fetch(`${w.base}/replies/${p!.id ? w.messageIds.get('04-forwarded-bundle.eml') : ''}`, {
        headers: { cookie: rita.cookie },
      })
    ).text();
    expect(view).toContain(`id="pw-${p!.document_id}-${p!.page}"`);
    expect(view).toContain('data-zoom="1"');
  });
});
