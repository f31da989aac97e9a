/**
 * Worker thread body (started by dump-decide.client.ts): decides batches of an import ahead of
 * the store (PageDecisionsAhead) as the importer hands them over, and posts each back with its
 * events encoded. Only batches the importer found fresh come here (no page of theirs was in an
 * earlier batch), so each is decided from new pages' states.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeEvents, PageDecisionsAhead, must } from '@okapi/domain';
import { DecideWorkerInput, DecideWorkerReply, DecideWorkerRequest, serializeError } from './dump-decide-protocol';

const port = must(parentPort, 'parentPort (this module runs as a worker thread)');
const input = workerData as DecideWorkerInput;
const ahead = new PageDecisionsAhead(input.decide);
const post = (m: DecideWorkerReply): void => port.postMessage(m);

port.on('message', ({ seq, commands }: DecideWorkerRequest) => {
  ahead.decide(commands).then(
    (decided) => {
      // Encoded here, the events cross as strings and are not encoded again by the store.
      const requests = decided.requests?.map(encodeEvents);
      post({ kind: 'decided', decided: { seq, duplicates: decided.duplicates, ...(requests && { requests }) } });
    },
    (e: unknown) => post({ kind: 'error', error: serializeError(e) }),
  );
});
post({ kind: 'ready' });
