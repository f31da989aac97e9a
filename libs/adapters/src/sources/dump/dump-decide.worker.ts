/**
 * Worker thread body (started by dump-decide.client.ts): decides batches of an import ahead of
 * the store (PageDecisionsAhead) as the importer hands them over, and posts each back with its
 * events encoded. Only batches the importer found fresh come here (no page of theirs was in an
 * earlier batch), so each is decided from new pages' states.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PageDecisionsAhead, must } from '@okapi/domain';
import { DecideWorkerInput, DecideWorkerReply, DecideWorkerRequest, serializeError } from './dump-decide-protocol';
import { encodedInOneBuffer } from './encoded-requests';

const port = must(parentPort, 'parentPort (this module runs as a worker thread)');
const input = workerData as DecideWorkerInput;
const ahead = new PageDecisionsAhead(input.decide);
const post = (m: DecideWorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

/** A spare the importer sent that was not used (too small, or nothing to encode), for the next batch. */
let kept: ArrayBuffer | undefined;

port.on('message', ({ seq, commands, spare }: DecideWorkerRequest) => {
  ahead.decide(commands).then(
    (decided) => {
      // Encoded here, into one buffer handed over without a copy: the importer neither copies nor
      // holds the events' text as strings, and the store writes the bytes as they are.
      const offered = larger(spare, kept);
      const encoded = decided.requests && encodedInOneBuffer(decided.requests, offered);
      kept = offered === encoded?.buffer ? undefined : offered;
      const requests = encoded?.requests;
      post(
        { kind: 'decided', decided: { seq, duplicates: decided.duplicates, ...(requests && { requests }) } },
        encoded ? [encoded.buffer] : [],
      );
    },
    (e: unknown) => post({ kind: 'error', error: serializeError(e) }),
  );
});
post({ kind: 'ready' });

function larger(a: ArrayBuffer | undefined, b: ArrayBuffer | undefined): ArrayBuffer | undefined {
  return !a || (b && b.byteLength > a.byteLength) ? b : a;
}
