import { DecidedBatch, PageDecisionsAheadOptions, PageCommand } from '@okapi/domain';
import { SerializedError } from './dump-parse-protocol';

/** What the decide worker gets. */
export interface DecideWorkerInput {
  readonly decide: Omit<PageDecisionsAheadOptions, 'decider'>;
}

/** Importer -> worker: decide this batch (the importer's numbering). */
export interface DecideWorkerRequest {
  readonly seq: number;
  readonly commands: PageCommand[];
}

/** Worker -> importer: started; a batch decided (in the order asked); or a failure. */
export type DecideWorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'decided'; readonly decided: DecidedBatch }
  | { readonly kind: 'error'; readonly error: SerializedError };
