import { DerivationPool, DerivationPoolOptions } from './derivation.pool';

let shared: DerivationPool | undefined;

/**
 * The process's pool (one worker per core), started on first use with the options of that first
 * call (the runtime passes OKAPI_DERIVATION_TIMEOUT_MS); idle workers do not hold the process.
 */
export function sharedDerivationPool(options: Omit<DerivationPoolOptions, 'size'> = {}): DerivationPool {
  return (shared ??= new DerivationPool(options));
}
