import type { ImapFlow } from 'imapflow';
import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import { listAckDue, recordAcks, type AckKind, type LedgerRow } from '../../store/ledger.ts';
import type { MailboxOps } from './mailbox-ops.ts';

export interface AckCounts {
  done: number;
  failed: number;
}

/**
 * Acknowledges on the server every ledger row of this mailbox generation whose message has finished: classified →
 * done flag (and a move to processedFolder in move mode); failed or refused → failed flag (and failedFolder if
 * set). Mails are never deleted. Flags go first so a moved mail carries them; the ledger records the ack last, so a
 * crash in between repeats an idempotent STORE/MOVE.
 */
export async function ackDue(ops: MailboxOps, limit = 500): Promise<AckCounts> {
  const due = await listAckDue(ops.db, mailboxKey(ops.cfg), ops.uidvalidity, limit);
  const groups: Record<'done' | 'failed', LedgerRow[]> = { done: [], failed: [] };
  for (const row of due) groups[ackKindOf(row)].push(row);
  const counts: AckCounts = { done: 0, failed: 0 };
  for (const kind of ['done', 'failed'] as const) {
    const rows = groups[kind];
    if (rows.length === 0 || !ops.shouldContinue()) continue;
    const range = rows.map((r) => r.uid).join(',');
    const flag = kind === 'done' ? ops.cfg.ack.flag : ops.cfg.ack.failedFlag;
    const folder =
      ops.cfg.ack.mode === 'move'
        ? kind === 'done'
          ? ops.cfg.ack.processedFolder
          : ops.cfg.ack.failedFolder
        : undefined;
    // imapflow reports a failed STORE or MOVE (refused, or the connection gone) as `false`, not as an error: recording
    // the acknowledgement then would leave the mail unmarked on the server for good, so the session ends instead.
    if (!(await ops.client.messageFlagsAdd(range, [flag], { uid: true }))) {
      if (ops.client.usable && !keywordAccepted(ops.client, flag)) {
        if (folder === undefined) {
          ops.logger.error(
            { event: 'imap.ack_keyword_refused', flag, folder: ops.cfg.folder, count: rows.length },
            'the server does not accept this keyword in the folder: nothing acknowledged (use ack mode "move")',
          );
          continue;
        }
        // In move mode the move alone is the acknowledgement.
      } else throw new Error(`STORE ${flag} failed for ${rows.length} mails`);
    }
    if (folder !== undefined && !(await ops.client.messageMove(range, folder, { uid: true })))
      throw new Error(`MOVE to ${folder} failed for ${rows.length} mails`);
    await recordAcks(
      ops.db,
      mailboxKey(ops.cfg),
      ops.uidvalidity,
      rows.map((r) => r.uid),
      kind,
    );
    counts[kind] += rows.length;
    ops.logger.info(
      { event: 'imap.acknowledged', count: rows.length, ack: kind, flag, ...(folder ? { movedTo: folder } : {}) },
      'mails acknowledged on the server',
    );
  }
  return counts;
}

function ackKindOf(row: LedgerRow): Exclude<AckKind, 'lost'> {
  return row.state === 'stored' && row.messageState === 'classified' ? 'done' : 'failed';
}

/** Creates the move targets once per session; an existing folder is fine. */
export async function ensureAckFolders(client: ImapFlow, cfg: MailboxConfig): Promise<void> {
  if (cfg.ack.mode !== 'move') return;
  const existing = new Set((await client.list()).map((f) => f.path));
  for (const folder of [cfg.ack.processedFolder, cfg.ack.failedFolder]) {
    if (folder !== undefined && !existing.has(folder)) await client.mailboxCreate(folder);
  }
}

/** Whether the selected folder lets clients set this keyword (PERMANENTFLAGS lists it, or allows any keyword). */
function keywordAccepted(client: ImapFlow, flag: string): boolean {
  const permanent = client.mailbox ? client.mailbox.permanentFlags : undefined;
  return !permanent || permanent.has('\\*') || permanent.has(flag);
}
