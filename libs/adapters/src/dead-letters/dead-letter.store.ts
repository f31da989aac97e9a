import { RecordedEvent } from '@okapi/domain';
import { DeadLetter, DeadLetterStore, errorText } from '@okapi/projections';
import { counter } from '../metrics/metrics-registry';

const deadLetters = counter(
  'okapi_dead_letters_total',
  'Events a consumer could not handle and set aside (dead letters) since the process started',
  ['consumer'],
);

/** The consumers' front door: record, count in /metrics, return what to log. */
export async function deadLetter(
  store: DeadLetterStore,
  consumer: string,
  event: { readonly offset: RecordedEvent['offset'] | number; readonly stream: string; readonly type: string },
  error: unknown,
  at: string = new Date().toISOString(),
): Promise<DeadLetter> {
  const letter = {
    consumer,
    offset: Number(event.offset),
    stream: event.stream,
    eventType: event.type,
    error: errorText(error),
    at,
  };
  if (await store.record(letter)) deadLetters.inc({ consumer });
  return { ...letter, attempts: 1 };
}

// Pure failure helpers the use cases share (libs/projections/src/application/failures.ts).
export { errorText, isInfrastructureFailure } from '@okapi/projections';

/**
 * ClickHouse error codes that mean "this data cannot go into this table" (a value that does not
 * parse or fit its column): the same rows fail on every attempt. Any other code (too many parts,
 * memory, timeouts, a missing table) is the engine's state, retried and never blamed on an event.
 */
const DATA_REJECTION_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
]);

/** True when ClickHouse refused a write because of the data itself (see DATA_REJECTION_CODES). */
export function isDataRejection(e: unknown): boolean {
  const text = e instanceof Error ? e.message : String(e);
  const code = /Code: (\d+)/.exec(text)?.[1];
  return code !== undefined && DATA_REJECTION_CODES.has(Number(code));
}
