import { join } from 'node:path';
import { OkapiConfig } from '../config/env-config';
import { configureSharedDerivationPool, sharedDerivationPool } from '../wikitext/shared-derivation-pool';
import { ArticleDerivations } from './article-derivations';
import { SqliteDerivationStore } from './derivation.store';

export function derivationStorePath(config: Pick<OkapiConfig, 'dataDir'>): string {
  return join(config.dataDir, 'derivations.sqlite3');
}

/**
 * The process's derivations: `OKAPI_DATA_DIR/derivations.sqlite3` beside the event store, the
 * process-wide worker pool (deadline OKAPI_DERIVATION_TIMEOUT_MS); both opened on first use, so a command that assembles no Article
 * creates neither.
 */
export function openArticleDerivations(
  config: Pick<OkapiConfig, 'dataDir'> & { readonly derivationTimeoutMs?: number },
): ArticleDerivations {
  // Also the deadline of structured contents and bulk jobs that reach the shared pool first.
  if (config.derivationTimeoutMs !== undefined)
    configureSharedDerivationPool({ timeoutMs: config.derivationTimeoutMs });
  return new ArticleDerivations({
    store: () => new SqliteDerivationStore(derivationStorePath(config)),
    pool: () => sharedDerivationPool({ timeoutMs: config.derivationTimeoutMs }),
  });
}
