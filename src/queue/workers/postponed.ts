/**
 * Thrown by a pipeline-wide job that should run, but not yet (the relations refresh keeps to its share of the
 * process, queue/workers/refresh-relations.ts). Not a failure: the job is put back, delayed until `until`.
 */
export class Postponed extends Error {
  override readonly name = 'Postponed';
  constructor(readonly until: number) {
    super(`postponed until ${new Date(until).toISOString()}`);
  }
}
