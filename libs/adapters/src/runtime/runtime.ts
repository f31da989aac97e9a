import { EventStore } from '@okapi/domain';
import { Analytics } from '../clickhouse/analytics';
import { ArticleBus, DeadLetterStore } from '@okapi/projections';
import { OkapiConfig } from '../config/env-config';
import { ArticleDerivations } from '../derivations/article-derivations';

/**
 * The opened ports of one process. `openRuntime(config)` picks the adapters from configuration
 * (embedded SQLite / chDB / in-process bus, or EventStoreDB / ClickHouse server / NATS) and every
 * app (api, ingest, projector, all-in-one) wraps the same object in Nest providers.
 */
export interface Runtime {
  readonly config: OkapiConfig;
  readonly eventStore: EventStore;
  /** ClickHouse views (chDB or server) and their read model; opens on first use. */
  readonly analytics: Analytics;
  /** Firehose bus (NATS JetStream or in-process); opens on first use. */
  readonly bus: ArticleBus;
  /** Derived Article parts every product of the process assembles with (store opens on first use). */
  readonly derivations: ArticleDerivations;
  /** Events a consumer (views, publisher, bulk) could not handle; opens on first use. */
  readonly deadLetters: DeadLetterStore;
  close(): Promise<void>;
}

/**
 * A long-running background job of a process (projection runner, publisher, live source,
 * scheduler), run under a WorkerSupervisor (runtime/worker-supervisor.ts) that restarts it when
 * it crashes. A worker does not retry on its own: its loop throws and the supervisor decides.
 */
export interface Worker {
  readonly name: string;
  /** Starts the worker's loop; resolves once it runs. */
  start(): Promise<void>;
  /** Ends the loop (also after a crash, to release what start took); never rethrows the crash. */
  stop(): Promise<void>;
  /** The running loop: rejects when it crashes. Absent for a worker without a loop of its own. */
  finished?(): Promise<void>;
}
