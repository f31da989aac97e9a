import { DecidedBatch, PageDecisionsAheadOptions, RecordRevision } from '@okapi/domain';
import { ImportProgress, ParseBatchesOptions, ParsedDump } from './dump-batches';
import { DumpError, DumpErrorCode } from './dump.errors';

/** What the parse worker gets: the file and the options that cross a thread (no signal, no callbacks). */
export interface ParseWorkerInput {
  readonly file: string;
  readonly options: Omit<ParseBatchesOptions, 'signal' | 'onProgress'>;
  /** Batches posted and not yet appended, at most: bounds memory (a batch is <= 32 MiB of text). */
  readonly maxInFlight: number;
  /**
   * Also decide batches ahead of the store (PageDecisionsAhead) on this worker: with `share`, only
   * those it parsed while the importer was busy (the two threads share the decisions), else all.
   */
  readonly decideAhead?: Omit<PageDecisionsAheadOptions, 'decider'> & { readonly share: boolean };
}

/** How the worker's batches went (ImportStats.pipeline). */
export interface WorkerPipeline {
  readonly batches: number;
  /** Batches the worker decided ahead of the store; the importer decided the rest. */
  readonly decidedAhead: number;
  /** Seconds the worker waited for the importer (backpressure: `maxInFlight` batches unappended). */
  readonly waitS: number;
}

/**
 * Worker -> importer, in order: progress and batches, then one `end` or `error`. A batch decided
 * ahead comes without its commands (they would cross a second time, for nothing, as the events
 * carry them): the importer asks for them (`commands`) only when it must decide the batch again.
 */
export type ParseWorkerMessage =
  | { readonly kind: 'progress'; readonly progress: ImportProgress }
  | { readonly kind: 'batch'; readonly commands?: RecordRevision[]; readonly decided?: DecidedBatch }
  | { readonly kind: 'commands'; readonly seq: number; readonly commands: RecordRevision[] }
  | { readonly kind: 'end'; readonly parsed: ParsedDump; readonly pipeline: WorkerPipeline }
  | { readonly kind: 'error'; readonly error: SerializedError };

/** Importer -> worker: a batch was appended (one more may be posted), stop early, or send a decided batch's commands. */
export type ParseWorkerCommand = 'appended' | 'stop' | { readonly commandsOf: number };

export interface SerializedError {
  readonly message: string;
  readonly stack?: string;
  readonly dump?: { code: DumpErrorCode; file: string; line?: number; column?: number };
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof DumpError)
    return {
      message: e.message,
      dump: { code: e.code as DumpErrorCode, file: e.file, line: e.line, column: e.column },
    };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: err.message, stack: err.stack };
}

/** The worker's error as the same class and fields it was thrown with, so callers see no difference. */
export function deserializeError(s: SerializedError): Error {
  if (s.dump) return new DumpError(s.dump.code, s.message, s.dump.file, s.dump.line, s.dump.column);
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}
