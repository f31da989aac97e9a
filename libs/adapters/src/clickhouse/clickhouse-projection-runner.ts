import { EventStore, RecordedEvent } from '@okapi/domain';
import {
  DeadLetterStore,
  DerivationResolver,
  errorText,
  ViewDeadLetters,
  ViewProjector,
  ViewProjectorOptions,
} from '@okapi/projections';
import { CONFIG_DEFAULTS } from '../config/env-config';
import { deadLetter } from '../dead-letters/dead-letter.store';
import { ArticleDerivations } from '../derivations/article-derivations';
import { recordDerivationFailure } from '../derivations/derivation-dead-letters';
import { Analytics } from './analytics';
import { ClickHouseViewStore } from './clickhouse-view-store';

export type { BatchResult, Lag } from '@okapi/projections';

/** The consumer name of the views in the dead-letter store and `okapi_dead_letters_total`. */
export const VIEWS_CONSUMER = 'views';

export interface ProjectionRunnerOptions extends Partial<ViewProjectorOptions> {
  /** Default: derived in-thread, kept in memory only (same output). */
  readonly derivations?: DerivationResolver;
  /** Clock for checkpoint timestamps (RFC3339); default the wall clock. */
  readonly now?: () => string;
  /** Where events the views cannot handle go; without it a failing event fails its batch. */
  readonly deadLetters?: DeadLetterStore;
}

/**
 * The "run a projection" use case (ViewProjector, libs/projections/src/application) composed over
 * ClickHouse: the event store, the views on either engine, the dead-letter store, stderr.
 */
export class ProjectionRunner extends ViewProjector {
  constructor(store: EventStore, analytics: Analytics, options: ProjectionRunnerOptions = {}) {
    const { derivations, now, deadLetters, ...rest } = options;
    super(
      {
        events: store,
        views: new ClickHouseViewStore(analytics),
        derivations: derivations ?? new ArticleDerivations(),
        now: now ?? (() => new Date().toISOString()),
        log: (line) => process.stderr.write(`${line}\n`),
        deadLetters: deadLetters && viewDeadLetters(deadLetters),
      },
      { ...rest, batchEvents: rest.batchEvents ?? CONFIG_DEFAULTS.projectBatchEvents },
    );
  }
}

/** The views' dead letters in the store, counted in `okapi_dead_letters_total`. */
export function viewDeadLetters(store: DeadLetterStore): ViewDeadLetters {
  const letterOf = (e: RecordedEvent) => ({
    consumer: VIEWS_CONSUMER,
    offset: Number(e.offset),
    stream: e.stream,
    eventType: e.type,
  });
  return {
    async setAside(event, error, at) {
      await deadLetter(store, VIEWS_CONSUMER, event, error, at);
    },
    async derivationFailed(event, reason) {
      await recordDerivationFailure(store, event, reason);
    },
    async landed(offset) {
      await store.remove(VIEWS_CONSUMER, offset);
    },
    async failedAgain(event, error) {
      await store.record({ ...letterOf(event), error: errorText(error), at: new Date().toISOString() });
    },
  };
}

/** The runner as `okapi project` and `okapi start` use it: configured batch size, the process's derivations. */
export function projectionRunnerFor(runtime: {
  eventStore: EventStore;
  analytics: Analytics;
  derivations: DerivationResolver;
  config: { projectBatchEvents?: number };
  deadLetters?: DeadLetterStore;
}): ProjectionRunner {
  return new ProjectionRunner(runtime.eventStore, runtime.analytics, {
    deadLetters: runtime.deadLetters,
    batchEvents: runtime.config.projectBatchEvents,
    derivations: runtime.derivations,
  });
}
