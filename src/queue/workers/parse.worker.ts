import { parseMail } from '../../ingest/parse-mail.ts';
import { describeError } from '../../core/errors.ts';
import { getBlob } from '../../store/blobs.ts';
import { storeDocuments } from '../../store/documents.ts';
import { advanceMessage, failMessage, getMessage, recordParsedHeaders } from '../../store/messages.ts';
import type { JobPayload } from '../jobs.ts';
import { requeueMessage } from '../requeue-unfinished.ts';
import type { WorkerContext } from '../worker-context.ts';
import { enqueueExtractionOrClassify } from './fan-in.ts';

/** parse: raw mail → headers and one document per body/attachment, each stored by its sha256. */
export async function runParseJob(ctx: WorkerContext, { messageId, generation }: JobPayload<'parse'>): Promise<void> {
  const message = await getMessage(ctx.db, messageId);
  if (message.generation !== generation) return; // superseded by a reprocess
  if (message.state !== 'received') {
    // Redelivered after the state moved on: continue from wherever the message stands.
    await requeueMessage(ctx, message);
    return;
  }
  const raw = await getBlob(ctx.db, message.raw_sha256);
  let parsed;
  try {
    parsed = await parseMail(raw);
  } catch (err) {
    // mailparser throwing on a mail is bad input, not an outage: record it and stop retrying.
    await failMessage(ctx.db, messageId, { code: 'mail.unparseable', detail: `mail could not be parsed: ${describeError(err)}` }, generation);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    await recordParsedHeaders(tx, messageId, parsed);
    await storeDocuments(tx, messageId, parsed.documents);
    await advanceMessage(tx, messageId, 'received', 'parsed', generation);
  });
  ctx.logger.info({ messageId, documents: parsed.documents.length, warnings: parsed.warnings }, 'mail parsed');
  await enqueueExtractionOrClassify(ctx, messageId, generation);
}
