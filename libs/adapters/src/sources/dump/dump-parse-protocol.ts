import { RecordRevision } from '@okapi/domain';
import { ImportProgress, ParseBatchesOptions, ParsedDump } from './dump-batches';
import { DumpError, DumpErrorCode } from './dump.errors';
import { toError } from '../../errors/to-error';

/** What the parse worker gets: the file and the options that cross a thread (no signal, no callbacks). */
export interface ParseWorkerInput {
  readonly file: string;
  readonly options: Omit<ParseBatchesOptions, 'signal' | 'onProgress'>;
  /** Batches posted and not yet appended, at most: bounds memory (a batch is <= 32 MiB of text). */
  readonly maxInFlight: number;
}

/** Worker -> importer, in order: progress and batches, then one `end` or `error`. */
export type ParseWorkerMessage =
  | { readonly kind: 'progress'; readonly progress: ImportProgress }
  | { readonly kind: 'batch'; readonly commands: RecordRevision[] }
  | { readonly kind: 'end'; readonly parsed: ParsedDump }
  | { readonly kind: 'error'; readonly error: SerializedError };

/** Importer -> worker: a batch was appended (one more may be posted), or stop early. */
export type ParseWorkerCommand = 'appended' | 'stop';

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
  const err = toError(e);
  return { message: err.message, stack: err.stack };
}

/** The worker's error as the same class and fields it was thrown with, so callers see no difference. */
export function deserializeError(s: SerializedError): Error {
  if (s.dump) return new DumpError(s.dump.code, s.message, s.dump.file, s.dump.line, s.dump.column);
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}
