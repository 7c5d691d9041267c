import type { Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import { extractDocument, type ExtractLimits } from '../extract/extract-document.ts';

export interface ExtractTask {
  bytes: ArrayBuffer;
  declaredType: string;
  filename: string | null;
  limits: ExtractLimits;
}

/** Thread entry: one document per call; the pool kills this thread on a time or memory overrun. */
export default async function extractInThread(task: ExtractTask): Promise<Result<ExtractedDocument>> {
  return extractDocument(
    { bytes: new Uint8Array(task.bytes), declaredType: task.declaredType, filename: task.filename },
    task.limits,
  );
}
