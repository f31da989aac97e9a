import { bulkSchedulerWorker } from '@okapi/adapters/bulk';
import { publisherWorker } from '@okapi/projector';
import { viewsWorker } from '@okapi/projector';
import { liveSourcesWorker } from '@okapi/ingest';
import { WorkerFactory } from '../start/workers';
import { RoleName } from './role.definitions';

/**
 * The background workers each role process runs: the very factories `okapi start` runs side by
 * side in one process (start/workers.ts), one role each. The API role has none.
 */
export const ROLE_WORKERS: Readonly<Record<RoleName, readonly WorkerFactory[]>> = {
  ingest: [liveSourcesWorker],
  projector: [viewsWorker],
  publisher: [publisherWorker],
  scheduler: [bulkSchedulerWorker],
  api: [],
};
