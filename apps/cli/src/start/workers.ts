import { bulkSchedulerWorker } from '@okapi/adapters/bulk/bulk-scheduler';
import { Runtime, Worker } from '@okapi/adapters/runtime/runtime';
import { publisherWorker } from '../../../projector/src/publisher/publisher.worker';
import { viewsWorker } from '../../../projector/src/views/views.worker';
import { liveSourcesWorker } from '../../../ingest/src/live-sources.worker';

/**
 * Background workers `okapi start` runs next to the HTTP API, in start order (stopped in reverse).
 * Each feature contributes one factory here; a factory returns undefined when its feature is off.
 */
export type WorkerFactory = (runtime: Runtime) => Worker | undefined;

export const WORKER_FACTORIES: readonly WorkerFactory[] = [
  publisherWorker,
  viewsWorker,
  bulkSchedulerWorker,
  liveSourcesWorker,
];
