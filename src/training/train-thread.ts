import { trainClassifierModel, type TrainInput, type TrainResult } from '../classify/model/train-model.ts';

/**
 * Training in a worker thread: tens of seconds of CPU that would otherwise hold the worker process's event loop, so
 * the stage workers' jobs (and their lock renewals) go on while a model trains.
 */
export default function train(input: Omit<TrainInput, 'onProgress'>): TrainResult {
  return trainClassifierModel(input);
}
