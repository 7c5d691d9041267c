import type { Logger } from '../core/logger.ts';
import type { Pipeline } from '../config/pipeline.ts';
import type { Db } from '../store/db.ts';
import type { ExtractLimits } from '../extract/limits.ts';
import type { StageQueues } from './queues.ts';
import type { Extractor } from '../sandbox/isolated-extractor.ts';

/** What every stage processor needs; built once by whoever starts the workers. */
export interface WorkerContext {
  db: Db;
  queues: StageQueues;
  logger: Logger;
  loadPipeline(id: string): Promise<Pipeline>;
  extractLimits: ExtractLimits;
  /** Runs extraction isolated from this process (time and memory limits). */
  extractor: Extractor;
  /**
   * true: a parse job carries its mail through extraction and classification itself (fewer round trips, the
   * default); false: every stage is its own job, e.g. to run extraction on other machines than parsing.
   */
  chainStages: boolean;
  /** Classifications within this interval share one relations refresh (default RELATIONS_DEBOUNCE_MS). */
  relationsDebounceMs?: number;
}
