import { DerivationPool, DerivationPoolOptions } from './derivation-pool';

let shared: DerivationPool | undefined;
let defaults: Omit<DerivationPoolOptions, 'size'> = {};

/**
 * The options the shared pool starts with when its first user passes none (openRuntime sets
 * OKAPI_DERIVATION_TIMEOUT_MS here, so structured contents and bulk jobs get the configured deadline).
 */
export function configureSharedDerivationPool(options: Omit<DerivationPoolOptions, 'size'>): void {
  defaults = options;
}

/**
 * The process's pool (one worker per core), started on first use with the options of that first
 * call (the runtime passes OKAPI_DERIVATION_TIMEOUT_MS); idle workers do not hold the process.
 */
export function sharedDerivationPool(options: Omit<DerivationPoolOptions, 'size'> = defaults): DerivationPool {
  return (shared ??= new DerivationPool(options));
}
