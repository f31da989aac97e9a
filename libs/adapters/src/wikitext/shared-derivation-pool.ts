import { DerivationPool } from './derivation.pool';

let shared: DerivationPool | undefined;

/** The process's pool (one worker per core), started on first use; idle workers do not hold the process. */
export function sharedDerivationPool(): DerivationPool {
  return (shared ??= new DerivationPool());
}
