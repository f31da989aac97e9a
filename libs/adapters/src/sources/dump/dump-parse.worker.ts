/**
 * Worker thread body (started by dump-parse.client.ts): reads, decompresses and parses a dump,
 * posting batches of whole pages while the importer thread takes the previous ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RecordRevision } from '@okapi/domain';
import { ImportProgress, parseDumpInBatches } from './dump-batches';
import { ParseWorkerCommand, ParseWorkerInput, ParseWorkerMessage, serializeError } from './dump-parse-protocol';

const port = parentPort!;
const input = workerData as ParseWorkerInput;
const stop = new AbortController();
let inFlight = 0;
let credit: (() => void) | undefined;

const post = (m: ParseWorkerMessage): void => port.postMessage(m);

port.on('message', (c: ParseWorkerCommand) => {
  if (c === 'stop') stop.abort();
  else inFlight--;
  credit?.();
});

async function emit(commands: RecordRevision[]): Promise<void> {
  post({ kind: 'batch', commands });
  inFlight++;
  while (inFlight >= input.maxInFlight && !stop.signal.aborted) await new Promise<void>((r) => (credit = r));
}

const onProgress = (progress: ImportProgress): void => post({ kind: 'progress', progress });
parseDumpInBatches(input.file, { ...input.options, signal: stop.signal, onProgress }, emit).then(
  (parsed) => post({ kind: 'end', parsed }),
  (e: unknown) => post({ kind: 'error', error: serializeError(e) }),
);
