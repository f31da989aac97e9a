/**
 * Okapi's distributed roles: the one table that `okapi <role>`, `scripts/cluster.sh` and the
 * Kubernetes manifests (checked by test/k8s) are built from. Pure data, cheap to import.
 *
 * Every role is one `okapi` subcommand, serves `/healthz`, `/readyz` and `/metrics` on
 * OKAPI_PORT, and opens only the ports (stores) it uses. `okapi start` runs them all in one
 * process (composition.ts builds both; composition.spec.ts keeps them in step).
 */
export type RoleName = 'ingest' | 'projector' | 'publisher' | 'scheduler' | 'api';

/** A store a role talks to, and the variable that points it at the distributed server. */
export type StorePort = 'eventStore' | 'analytics' | 'bus';

export const STORE_URL_VARIABLE: Readonly<Record<StorePort, string>> = {
  eventStore: 'OKAPI_ESDB_URL',
  analytics: 'OKAPI_CLICKHOUSE_URL',
  bus: 'OKAPI_NATS_URL',
};

export interface RoleDefinition {
  readonly name: RoleName;
  readonly summary: string;
  /** The `okapi` arguments the process runs (the container's args go through docker/entrypoint.sh). */
  readonly command: readonly string[];
  /** Stores it opens; each is a readiness check, and in distributed mode needs its URL. */
  readonly uses: readonly StorePort[];
  /** Appends to the event store. SQLite allows one writer: only ingest does; the others read. */
  readonly appends: boolean;
  /** `one`: a singleton (replaced with Recreate); `many`: replicas behind a Service. */
  readonly instances: 'one' | 'many';
  /** Variables the role refuses to start without. */
  readonly requires: readonly string[];
  /** Keeps state of its own in OKAPI_DATA_DIR that must survive restarts (a volume in k8s). */
  readonly state: string;
}

/** Probes every role serves on OKAPI_PORT (the API through Nest, the others through a small server). */
export const ROLE_PROBES = { liveness: '/healthz', readiness: '/readyz', metrics: '/metrics' } as const;

export const ROLES: readonly RoleDefinition[] = [
  {
    name: 'ingest',
    summary: 'live sources (OKAPI_SOURCES: EventStreams, generator) -> event store; run exactly one',
    command: ['ingest'],
    uses: ['eventStore'],
    appends: true,
    instances: 'one',
    requires: ['OKAPI_SOURCES'],
    state: 'source checkpoints and dead letters (sources/)',
  },
  {
    name: 'projector',
    summary: 'event store -> ClickHouse views (articles_current, article_versions_hourly, revisions)',
    command: ['projector'],
    uses: ['eventStore', 'analytics'],
    appends: false,
    instances: 'one',
    requires: [],
    state: 'none: its checkpoint is a ClickHouse table',
  },
  {
    name: 'publisher',
    summary: 'event store -> JetStream subjects okapi.article.{wiki}.{ns}.{type}.{flag}',
    command: ['publisher'],
    uses: ['eventStore', 'bus'],
    appends: false,
    instances: 'one',
    requires: ['OKAPI_NATS_URL'],
    state: 'none: it resumes after the last message in the stream',
  },
  {
    name: 'scheduler',
    summary: 'bulk: hourly batches, daily snapshots and batch retention, written to the shared bulk volume',
    command: ['scheduler'],
    uses: ['eventStore', 'analytics'],
    appends: false,
    instances: 'one',
    requires: [],
    state: 'bulk files (bulk/), shared with the API replicas',
  },
  {
    name: 'api',
    summary: 'HTTP API replicas: realtime from JetStream, on-demand and bulk from ClickHouse and the bulk volume',
    command: ['api'],
    uses: ['eventStore', 'analytics', 'bus'],
    appends: false,
    instances: 'many',
    requires: [],
    state: 'bulk files and the auth store, shared by every replica',
  },
];

export function roleDefinition(name: string): RoleDefinition {
  const role = ROLES.find((r) => r.name === name);
  if (!role) throw new Error(`unknown role "${name}" (${ROLES.map((r) => r.name).join(', ')})`);
  return role;
}
