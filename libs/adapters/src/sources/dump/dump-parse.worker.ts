/**
 * Worker thread body (started by dump-parse.client.ts): reads, decompresses and parses a dump,
 * posting batches of whole pages while the importer thread decides and appends the previous ones.
 * With `decideAhead`, it also decides the batches it has the time for, ahead of the store (see
 * emit below), so the decisions, most of an import's work, are shared by the two threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeEvents, PageDecisionsAhead, RecordRevision } from '@okapi/domain';
import { parseDumpInBatches } from './dump-batches';
import { ParseWorkerCommand, ParseWorkerInput, ParseWorkerMessage, serializeError } from './dump-parse-protocol';

const port = parentPort!;
const input = workerData as ParseWorkerInput;
const stop = new AbortController();
const ahead = input.decideAhead && new PageDecisionsAhead(input.decideAhead);
let credit: (() => void) | undefined;
// The batches posted and not yet appended, in order: the seq of those decided here, whose
// commands are `held` (asked for when the importer must decide one again), else undefined.
const posted: (number | undefined)[] = [];
const held = new Map<number, RecordRevision[]>();
const tally = { batches: 0, decidedAhead: 0, waitS: 0 };

const post = (m: ParseWorkerMessage): void => port.postMessage(m);

port.on('message', (c: ParseWorkerCommand) => {
  if (typeof c === 'object') return post({ kind: 'commands', seq: c.commandsOf, commands: held.get(c.commandsOf)! });
  if (c === 'stop') stop.abort();
  else {
    const seq = posted.shift();
    if (seq !== undefined) held.delete(seq);
  }
  credit?.();
});

/**
 * Posts one batch, decided here when that shares the work: while the importer is busy with
 * earlier batches (appending, or deciding one itself) this thread decides the batch ahead of the
 * store; when the importer is idle, waiting, the batch goes to it as commands at once. Both
 * threads thus stay busy whichever is the faster; the events are the same either way (a batch
 * decided ahead is decided from a new page's state, as the importer would from the store).
 */
async function emit(commands: RecordRevision[]): Promise<void> {
  tally.batches++;
  const admitted = ahead?.admit(commands);
  const importerBusy = posted.length > 0 || !input.decideAhead?.share;
  const decided = admitted?.fresh && importerBusy ? await ahead!.decideAdmitted(admitted) : undefined;
  if (decided?.requests) {
    // Encoded here, the events cross as strings and are not encoded again by the store.
    post({ kind: 'batch', decided: { ...decided, requests: decided.requests.map(encodeEvents) } });
    held.set(decided.seq, commands);
    posted.push(decided.seq);
    tally.decidedAhead++;
  } else {
    post({ kind: 'batch', commands });
    posted.push(undefined);
  }
  const waited = performance.now();
  while (posted.length >= input.maxInFlight && !stop.signal.aborted) await new Promise<void>((r) => (credit = r));
  tally.waitS += (performance.now() - waited) / 1000;
}

parseDumpInBatches(
  input.file,
  { ...input.options, signal: stop.signal, onProgress: (progress) => post({ kind: 'progress', progress }) },
  emit,
).then(
  (parsed) => post({ kind: 'end', parsed, pipeline: tally }),
  (e) => post({ kind: 'error', error: serializeError(e) }),
);
