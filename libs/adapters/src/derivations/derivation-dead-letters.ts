import { RecordedEvent } from '@okapi/domain';
import { deadLetter } from '../dead-letters/dead-letter.store';
import { DeadLetter, DeadLetterStore } from '@okapi/projections';

/**
 * The consumer name of failed derivations in the dead-letter store and `okapi_dead_letters_total`.
 * The event itself was delivered (views and firehose carry its Article without the derived parts):
 * the letter records what is missing and why, so /readyz shows it and an operator can look.
 * Recorded by every consumer that meets the failure, once per offset (the store keys letters by
 * consumer and offset).
 */
export const DERIVATION_CONSUMER = 'derivation';

export function recordDerivationFailure(
  store: DeadLetterStore,
  event: RecordedEvent,
  reason: string,
): Promise<DeadLetter> {
  return deadLetter(store, DERIVATION_CONSUMER, event, new Error(`derived parts left out: ${reason}`));
}
