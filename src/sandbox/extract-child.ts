import type { Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import { extractDocument, type ExtractLimits } from '../extract/extract-document.ts';
import { serveParentTasks } from './serve-parent.ts';

export interface ExtractTask {
  bytes: Uint8Array;
  declaredType: string;
  filename: string | null;
  limits: ExtractLimits;
}

/** Child process entry: one document per task; the pool kills the process on a time or memory overrun. */
serveParentTasks<ExtractTask, Result<ExtractedDocument>>((task) =>
  extractDocument({ bytes: task.bytes, declaredType: task.declaredType, filename: task.filename }, task.limits),
);
