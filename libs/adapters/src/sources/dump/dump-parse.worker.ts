/**
 * Worker thread body (started by dump-parse.client.ts): reads, decompresses and parses a dump,
 * posting batches of whole pages while the importer thread decides and appends the previous ones.
 * With `decideAhead`, it decides each batch ahead of the store too, while a worker of its own
 * (this same module, without `decideAhead`) parses the next ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DecidedBatch, encodeEvents, PageDecisionsAhead, RecordRevision } from '@okapi/domain';
import { ParseBatchesOptions, parseDumpInBatches, ParsedDump } from './dump-batches';
import { parseDumpInWorker } from './dump-parse.client';
import { ParseWorkerCommand, ParseWorkerInput, ParseWorkerMessage, serializeError } from './dump-parse-protocol';

const port = parentPort!;
const input = workerData as ParseWorkerInput;
const stop = new AbortController();
let inFlight = 0;
let credit: (() => void) | undefined;
// Commands of the batches decided ahead and not yet appended, in order: asked for when the
// importer must decide one again.
const held = new Map<number, RecordRevision[]>();

const post = (m: ParseWorkerMessage): void => port.postMessage(m);

port.on('message', (c: ParseWorkerCommand) => {
  if (typeof c === 'object') return post({ kind: 'commands', seq: c.commandsOf, commands: held.get(c.commandsOf)! });
  if (c === 'stop') stop.abort();
  else {
    inFlight--;
    held.delete(held.keys().next().value!);
  }
  credit?.();
});

async function emit(commands: RecordRevision[], decided?: DecidedBatch): Promise<void> {
  if (decided) held.set(decided.seq, commands);
  post({ kind: 'batch', ...(decided?.requests ? { decided } : { commands, ...(decided && { decided }) }) });
  inFlight++;
  while (inFlight >= input.maxInFlight && !stop.signal.aborted) await new Promise<void>((r) => (credit = r));
}

function parse(options: ParseBatchesOptions): Promise<ParsedDump> {
  if (!input.decideAhead) return parseDumpInBatches(input.file, options, emit);
  const ahead = new PageDecisionsAhead(input.decideAhead);
  // Encoded here, the events cross as strings and are not encoded again by the store.
  const decide = async (commands: RecordRevision[]): Promise<void> => {
    const decided = await ahead.decide(commands);
    await emit(commands, { ...decided, ...(decided.requests && { requests: decided.requests.map(encodeEvents) }) });
  };
  return parseDumpInWorker(input.file, options, async (batch) => decide(await batch.commands()), {
    maxInFlight: input.maxInFlight,
  });
}

parse({ ...input.options, signal: stop.signal, onProgress: (progress) => post({ kind: 'progress', progress }) }).then(
  (parsed) => post({ kind: 'end', parsed }),
  (e) => post({ kind: 'error', error: serializeError(e) }),
);
