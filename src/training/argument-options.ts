import { access } from 'node:fs/promises';
import type { Pipeline } from '../config/pipeline.ts';
import { compoundSplitter, taxonomyVocabulary } from '../classify/compound-splitter.ts';
import type { GroupingOptions } from '../arguments/group-arguments.ts';
import { readLabelledFile } from './read-labelled-file.ts';
import { trainingFile } from './train-pipeline-model.ts';

const cache = new Map<string, Promise<GroupingOptions>>();

/**
 * How a pipeline's passages are grouped into arguments: compounds split with the taxonomy's words, and the training
 * passages with content (not boilerplate) as background for the term weights and the latent space. Read once per
 * pipeline folder and process.
 */
export function argumentGroupingOptions(pipeline: Pick<Pipeline, 'dir' | 'taxonomy'>): Promise<GroupingOptions> {
  let options = cache.get(pipeline.dir);
  if (!options) {
    const file = trainingFile(pipeline);
    options = access(file)
      .then(
        () => readLabelledFile(file),
        () => [], // a new consultation without a corpus: its own passages are the only background
      )
      .then((lines) => ({
        splitter: compoundSplitter(taxonomyVocabulary(pipeline.taxonomy)),
        background: lines.filter((l) => !l.boilerplate && l.items.length > 0).map((l) => l.text),
      }));
    options.catch(() => cache.delete(pipeline.dir));
    cache.set(pipeline.dir, options);
  }
  return options;
}
