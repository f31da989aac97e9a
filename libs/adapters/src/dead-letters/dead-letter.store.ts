import { RecordedEvent } from '@okapi/domain';
import { DeadLetter, DeadLetterStore } from '@okapi/projections';
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

export function errorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.split('\n')[0].slice(0, 2000);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * An infrastructure failure (a store or the network not answering) rather than one event's
 * fault: retry and stall, never dead-letter. Consumers also probe the store before they blame an
 * event (see the projection runner's bisection).
 */
export function isInfrastructureFailure(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const err = x as { code?: unknown; status?: unknown; name?: unknown; message?: unknown };
    if (typeof err.code === 'string' && (NETWORK_CODES.has(err.code) || err.code.endsWith('.unavailable'))) return true;
    if (err.status === 503 || err.name === 'AbortError') return true;
    if (
      typeof err.message === 'string' &&
      /fetch failed|socket hang up|ECONNREFUSED|connect ETIMEDOUT/.test(err.message)
    )
      return true;
  }
  return false;
}

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
