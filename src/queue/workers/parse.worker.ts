import { parseMail } from '../../parse/parse-mail.ts';
import { describeError } from '../../core/errors.ts';
import { documentId } from '../../store/documents.ts';
import { failMessage, getMessage } from '../../store/messages.ts';
import { recordParsedMail, recordParsedMailClaimed } from '../../store/parsed-mail.ts';
import { WORKER_ID } from '../worker-heartbeat.ts';
import { readParseInput } from '../../store/stage-inputs.ts';
import { FEATURE_VERSION } from '../../classify/features.ts';
import type { JobPayload } from '../jobs.ts';
import { enqueue } from '../queues.ts';
import { requeueMessage } from '../requeue-unfinished.ts';
import type { WorkerContext } from '../worker-context.ts';
import { completeExtractionIfLast } from './fan-in.ts';
import { extractAndClassifyInline } from './chain-stages.ts';

/** parse: raw mail → headers and one document per body/attachment, each stored by its sha256. */
export async function runParseJob(ctx: WorkerContext, { messageId, generation }: JobPayload<'parse'>): Promise<void> {
  const input = await readParseInput(ctx.db, messageId, generation, FEATURE_VERSION);
  if (input.generation !== generation) return; // superseded by a reprocess
  if (!input.raw) return continueAfterParse(ctx, messageId, generation); // redelivered after the state moved on
  let parsed;
  try {
    parsed = await parseMail(input.raw);
  } catch (err) {
    // mailparser throwing on a mail is bad input, not an outage: record it and stop retrying.
    await failMessage(
      ctx.db,
      messageId,
      { code: 'mail.unparseable', detail: `mail could not be parsed: ${describeError(err)}` },
      generation,
    );
    return;
  }
  // Chained, this job extracts the documents itself: they are inserted already claimed for this process.
  const { moved, attempts } = ctx.chainStages
    ? await recordParsedMailClaimed(ctx.db, messageId, generation, parsed, WORKER_ID)
    : { moved: await recordParsedMail(ctx.db, messageId, generation, parsed), attempts: new Map<string, number>() };
  if (!moved) return continueAfterParse(ctx, messageId, generation);
  ctx.logger.info(
    { event: 'mail.parsed', messageId, documents: parsed.documents.length, warnings: parsed.warnings },
    'mail parsed',
  );
  if (ctx.chainStages)
    return extractAndClassifyInline(
      ctx,
      {
        messageId,
        generation,
        pipelineId: input.pipelineId,
        trainedModelId: input.trainedModelId,
        decisionsStamp: input.decisionsStamp,
        reviewedPassageIds: input.reviewedPassageIds,
      },
      parsed.documents,
      attempts,
    );
  // The ids are known without reading back: every document was just inserted pending (a message waiting for
  // parsing has none yet), and an extract job for a document that is not pending only runs the fan-in.
  await enqueue(
    ctx.queues,
    'extract',
    parsed.documents.map((d) => ({ documentId: documentId(messageId, d.path), messageId, generation })),
  );
  if (parsed.documents.length === 0) await completeExtractionIfLast(ctx, messageId, generation);
}

/** Someone else moved the message (a duplicate run of this job, a reprocess): continue from where it stands. */
async function continueAfterParse(ctx: WorkerContext, messageId: string, generation: number): Promise<void> {
  const message = await getMessage(ctx.db, messageId);
  if (message.generation === generation) await requeueMessage(ctx, message);
}
