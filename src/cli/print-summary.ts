import type { Db } from '../store/db.ts';
import { listMessageSummaries } from '../store/message-summaries.ts';

const cut = (s: string | null, n: number): string => {
  const v = (s ?? '—').replace(/\s+/g, ' ');
  return v.length > n ? v.slice(0, n - 1) + '…' : v;
};

/** The result table of `ingest` and `demo`: one row per message, then the reasons for anything that failed. */
export async function printMessageSummary(db: Db, ids: readonly string[], out: NodeJS.WritableStream): Promise<void> {
  const rows = await listMessageSummaries(db, ids);
  const table = rows.map((r) => ({
    state: r.state,
    from: cut(r.from_address, 38),
    subject: cut(r.subject, 44),
    docs: `${r.documents - r.documents_failed}/${r.documents}`,
    passages: String(r.passages),
    items: cut(r.items, 60),
  }));
  const cols = ['state', 'from', 'subject', 'docs', 'passages', 'items'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((r) => r[c].length))]));
  const line = (r: Record<(typeof cols)[number], string>) => cols.map((c) => r[c].padEnd(width[c] ?? 0)).join('  ');
  out.write(
    line({ state: 'state', from: 'from', subject: 'subject', docs: 'docs', passages: 'passages', items: 'items' }) +
      '\n',
  );
  for (const r of table) out.write(line(r) + '\n');
  const problems = rows.filter((r) => r.error_code || r.document_errors);
  for (const r of problems) {
    out.write(`! ${cut(r.subject, 50)}: ${[r.error_code, r.document_errors].filter(Boolean).join('; ')}\n`);
  }
  const byState = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.state]: (acc[r.state] ?? 0) + 1 }), {});
  out.write(
    `${rows.length} messages: ${Object.entries(byState)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}\n`,
  );
}
