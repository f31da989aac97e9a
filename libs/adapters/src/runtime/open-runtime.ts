import { OkapiConfig } from '../config/env-config';
import { openEventStore } from '../eventstore/open-event-store';
import { analyticsOptions } from '../clickhouse/open-analytics';
import { lazyAnalytics } from '../clickhouse/lazy-analytics';
import { lazyArticleBus } from '../bus/lazy-article-bus';
import { openArticleDerivations } from '../derivations/open-derivations';
import { openDeadLetters } from '../dead-letters/open-dead-letters';
import { Runtime } from './runtime';

export interface OpenRuntimeOptions {
  /** Readers next to a running `okapi start` (e.g. `okapi events`): no writes. Default false. */
  readonly readOnly?: boolean;
}

type Closer = () => Promise<void>;

/**
 * Opens every port of a process from configuration. Each port opens in turn and registers its
 * closer; if a later one fails, the ones already open are closed, and `close()` runs them in
 * reverse order. To add a port: open it below, push its closer, add it to the returned object.
 */
export async function openRuntime(config: OkapiConfig, options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const closers: Closer[] = [];
  try {
    const eventStore = await openEventStore(config, { readOnly: options.readOnly });
    closers.push(() => eventStore.close());
    const analytics = lazyAnalytics(analyticsOptions(config));
    closers.push(() => analytics.close());
    const bus = lazyArticleBus(config);
    closers.push(() => bus.close());
    const derivations = openArticleDerivations(config);
    closers.push(() => derivations.close());
    const deadLetters = openDeadLetters(config, analytics);
    closers.push(() => deadLetters.close());
    return { config, eventStore, analytics, bus, derivations, deadLetters, close: () => closeAll(closers) };
  } catch (e) {
    await closeAll(closers);
    throw e;
  }
}

async function closeAll(closers: Closer[]): Promise<void> {
  const errors: unknown[] = [];
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length) throw errors[0];
}
