import type { Logger } from '../core/logger.ts';
import type { Pipeline } from '../config/pipeline.ts';
import type { Db } from '../store/db.ts';
import type { ExtractLimits } from '../extract/extract-document.ts';
import type { StageQueues } from './queues.ts';

/** What every stage processor needs; built once by whoever starts the workers. */
export interface WorkerContext {
  db: Db;
  queues: StageQueues;
  logger: Logger;
  loadPipeline(id: string): Promise<Pipeline>;
  extractLimits: ExtractLimits;
}
