import { DecidedBatch, PageDecisionsAheadOptions, PageCommand } from '@okapi/domain';
import { toError } from '../../errors/to-error';
import { DumpError, DumpErrorCode } from './dump.errors';

/** What the decide worker gets. */
export interface DecideWorkerInput {
  readonly decide: Omit<PageDecisionsAheadOptions, 'decider'>;
}

/** Importer -> worker: decide this batch (the importer's numbering). */
export interface DecideWorkerRequest {
  readonly seq: number;
  readonly commands: PageCommand[];
  /** A buffer the importer is done with (transferred), to encode the events into if large enough. */
  readonly spare?: ArrayBuffer;
}

/** Worker -> importer: started; a batch decided (in the order asked); or a failure. */
export type DecideWorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'decided'; readonly decided: DecidedBatch }
  | { readonly kind: 'error'; readonly error: SerializedError };

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
