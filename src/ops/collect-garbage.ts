import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection now, without starting Node with --expose-gc (the pattern jest's leak detector uses).
 * Called once after the classifier model is loaded: parsing its JSON leaves about 100 MB of garbage in the old
 * generation, which V8, far from its heap limit, would otherwise keep for the life of the process (a worker's
 * heap stayed at ~190 MB with 67 MB live; bench:pipeline, docs/scaling.md).
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}
