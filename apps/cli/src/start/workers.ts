import { bulkSchedulerWorker } from '@okapi/adapters/bulk';
import { Runtime, Worker } from '@okapi/adapters/runtime';
import { publisherWorker } from '@okapi/projector';
import { viewsWorker } from '@okapi/projector';
import { liveSourcesWorker } from '@okapi/ingest';

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
