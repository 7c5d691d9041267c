import { consultationMails } from '../../../fixtures/make/consultation.ts';
import { applyReviewChange, type ReviewChange } from '../../../src/store/review-changes.ts';
import { effectiveOnDimension } from '../../../src/store/effective-tags.ts';
import type { StoredTag } from '../../../src/store/review-passages.ts';
import { startWebHarness, type WebHarness } from '../web-harness.ts';

/**
 * The small consultation of fixtures/make/consultation.ts run through the real pipeline, then reviewed as a
 * reviewer would: every statement gets its item and stance confirmed, except Emsland's (left unreviewed), and
 * Celle's greeting is (wrongly) declared content and tagged, to prove the synopsis still never prints a salutation.
 */
export const REVIEWED: readonly { prefix: string; item: string; stance: string }[] = [
  { prefix: 'Die Anforderungen an qualifizierte ärztliche Bescheinigungen', item: 'A1-ATTEST', stance: 'vorschlag' },
  { prefix: 'Eine Verlängerung des Ausreisegewahrsams', item: 'A1-GEWAHRSAM', stance: 'ablehnung' },
  { prefix: 'Eine weitere Verschärfung der Anforderungen', item: 'A1-ATTEST', stance: 'ablehnung' },
  { prefix: 'Die vorgeschlagene Klarstellung', item: 'A1-ATTEST', stance: 'zustimmung' },
];

export async function startConsultation(): Promise<WebHarness> {
  const w = await startWebHarness({ mails: [], built: await consultationMails() });
  for (const r of REVIEWED) {
    const ids = await w.t.db.query<{ id: string }>('SELECT id FROM passages WHERE text LIKE $1', [`${r.prefix}%`]);
    if (ids.length === 0) throw new Error(`no passage starts with "${r.prefix}"`);
    for (const { id } of ids) await reviewAs(w, id, r.item, r.stance);
  }
  const [greeting] = await w.t.db.query<{ id: string }>(
    `SELECT p.id FROM passages p JOIN messages m ON m.id = p.message_id
     WHERE p.text LIKE 'Sehr geehrte%' AND m.from_name = 'Landkreis Celle'`,
  );
  if (!greeting) throw new Error('no greeting passage in the Celle reply');
  await applyChanges(w, greeting.id, [{ kind: 'boilerplate', value: false }]);
  await reviewAs(w, greeting.id, 'A1-ATTEST', 'zustimmung');
  return w;
}

/** Exactly this item and stance on the passage, as a reviewer's tags (machine items removed), topics confirmed. */
async function reviewAs(w: WebHarness, passageId: string, item: string, stance: string): Promise<void> {
  const tags = await w.t.db.query<StoredTag>(
    'SELECT dimension, label, source, confidence, reason FROM tags WHERE passage_id = $1',
    [passageId],
  );
  const others = effectiveOnDimension(tags, 'item')
    .map((t) => t.label)
    .filter((l) => l !== item);
  await applyChanges(w, passageId, [
    { kind: 'set', dimension: 'item', label: item },
    ...others.map((label): ReviewChange => ({ kind: 'remove', dimension: 'item', label })),
    { kind: 'set', dimension: 'stance', label: stance },
    // A passage is reviewed once every dimension is decided: the machine's topics are confirmed as they are.
    { kind: 'confirm', dimension: 'topic' },
  ]);
}

async function applyChanges(w: WebHarness, passageId: string, changes: readonly ReviewChange[]): Promise<void> {
  const [row] = await w.t.db.query<{ version: number }>(
    'SELECT coalesce((SELECT version FROM passage_reviews WHERE passage_id = $1), 0) AS version',
    [passageId],
  );
  let version = row?.version ?? 0;
  for (const change of changes) {
    const r = await applyReviewChange(w.t.db, passageId, version, 'rita', change);
    if (!r.ok) throw new Error(`review change on ${passageId} failed: ${r.reason}`);
    version = r.version;
  }
}
