/**
 * Thrown by a stage job whose document another live run is extracting (docs/reliability.md, class 2). Not a failure:
 * the job is put back, delayed, and looks again — by then the document is finished (the job ends) or the other run's
 * process died and its claim lapsed (the job extracts).
 */
export class ClaimedElsewhere extends Error {
  override readonly name = 'ClaimedElsewhere';
  constructor(readonly documentId: string) {
    super(`document ${documentId} is being extracted by another run`);
  }
}

/** How long a job whose document is claimed elsewhere waits before it looks again. */
export const CLAIMED_ELSEWHERE_DELAY_MS = 10_000;
