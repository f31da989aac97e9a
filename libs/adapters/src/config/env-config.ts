/**
 * The one place that reads `process.env`. Every variable Okapi understands is declared in
 * `ENV_SPEC` with its default and documentation; `loadConfig` validates all of them at once and
 * throws one `ConfigError` listing every bad variable. `.env.example` mirrors this table (a test
 * keeps them in sync), and so do the Kubernetes manifests (deploy/k8s, checked by a test).
 */
import { resolve } from 'node:path';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Parser<T> = (raw: string) => T;

export interface EnvVarSpec<T = unknown> {
  readonly name: string;
  /** Raw default; `undefined` means the variable is optional and unset by default. */
  readonly default?: string;
  /** True when Okapi cannot start without it (no default). */
  readonly required?: boolean;
  readonly doc: string;
  readonly parse: Parser<T>;
  /** Never echo the value in error messages (secrets, password hashes). */
  readonly sensitive?: boolean;
}

const str: Parser<string> = (raw) => raw;
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new Error(`must be an integer between ${min} and ${max}`);
    }
    return n;
  };
const float =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max)
      throw new Error(`must be a number between ${min} and ${max}`);
    return n;
  };
const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };
const bool: Parser<boolean> = (raw) => {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error('must be true or false');
};
const url =
  (...protocols: string[]): Parser<string> =>
  (raw) => {
    let u: URL;
    try {
      u = new URL(raw.replace(/\{[a-z]+\}/g, 'x'));
    } catch {
      throw new Error('must be a URL');
    }
    if (!protocols.includes(u.protocol)) throw new Error(`must use ${protocols.join(' or ')}`);
    return raw;
  };
const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const timeOfDay: Parser<string> = (raw) => {
  if (raw === 'off' || /^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) return raw;
  throw new Error('must be HH:MM (UTC) or off');
};

/** Host names (no port): `name`, IPv4, `[IPv6]`, or `*` for any; lowercased. */
const hostList: Parser<string[]> = (raw) => {
  const hosts = list(raw).map((h) => h.toLowerCase());
  for (const h of hosts)
    if (h !== '*' && !/^([a-z0-9_-]+(\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])$/.test(h))
      throw new Error(`"${h}" is not a host name, an IP address or [IPv6] (no port, no scheme), nor *`);
  if (hosts.length === 0) throw new Error('must name at least one host (or *)');
  return hosts;
};

/** `name:scrypt$...` entries (see libs/adapters/src/auth/auth-store.ts). */
const userList: Parser<string[]> = (raw) => {
  const entries = list(raw);
  for (const e of entries) {
    if (!/^[a-z0-9._@-]+:scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(e)) {
      throw new Error(
        `entry "${e.split(':')[0]}" is not name:scrypt$N$r$p$salt$hash (lowercase name; make the hash with okapi hash-password)`,
      );
    }
  }
  return entries;
};
const secret =
  (minLength: number): Parser<string> =>
  (raw) => {
    if (raw.length < minLength) throw new Error(`must be at least ${minLength} characters`);
    return raw;
  };

export interface SourceSpec {
  readonly kind: 'eventstreams' | 'generator';
  readonly wikis: readonly string[];
}
const sources: Parser<SourceSpec[]> = (raw) =>
  (raw.trim() === 'none' ? '' : raw)
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [kind, rest = ''] = part.split(':', 2);
      if (kind !== 'eventstreams' && kind !== 'generator')
        throw new Error(`unknown source "${kind}" (eventstreams or generator)`);
      const wikis = list(rest);
      if (kind === 'eventstreams' && wikis.length === 0)
        throw new Error('eventstreams needs a wiki list, e.g. eventstreams:enwiki,dewiki');
      for (const w of wikis) if (!/^[a-z0-9_]+$/.test(w)) throw new Error(`"${w}" is not a wiki id`);
      return { kind, wikis };
    });

/** Keeps the literal shape, so variables with a default are typed as always present. */
function spec<T, S extends EnvVarSpec<T> = EnvVarSpec<T>>(s: S & EnvVarSpec<T>): S {
  return s;
}

export const ENV_SPEC = {
  port: spec({
    name: 'OKAPI_PORT',
    default: '8080',
    doc: 'HTTP port of the API / all-in-one server; the other roles (ingest, projector, publisher, scheduler) serve /healthz, /readyz and /metrics on it. 0: any free port.',
    parse: int(0, 65535),
  }),
  host: spec({
    name: 'OKAPI_HOST',
    default: '127.0.0.1',
    doc: 'Interface the HTTP server binds (0.0.0.0 in containers).',
    parse: str,
  }),
  allowedHosts: spec({
    name: 'OKAPI_ALLOWED_HOSTS',
    doc: 'Host header names the API answers (comma-separated, no port; `*`: any); others get 421 `request.host_not_allowed` (DNS rebinding). Unset: `localhost,127.0.0.1,[::1]`. Bound to a non-loopback OKAPI_HOST, any IP-address Host is answered too; list your DNS names, or `*` behind a proxy that checks them.',
    parse: hostList,
  }),
  dataDir: spec({
    name: 'OKAPI_DATA_DIR',
    default: './data',
    doc: 'Directory for the SQLite event store, chDB data, bulk files and checkpoints.',
    parse: (raw: string) => resolve(raw),
  }),
  sources: spec({
    name: 'OKAPI_SOURCES',
    doc: 'Live sources `okapi start` / `okapi ingest` follow, `;`-separated: `eventstreams:enwiki,dewiki`, `generator:testwiki`; `none` (or empty): no live source. Unset: `okapi start` follows live EventStreams (enwiki) when reachable, else runs the generator gently.',
    parse: sources,
  }),
  eventStreamsUrl: spec({
    name: 'OKAPI_EVENTSTREAMS_URL',
    default: 'https://stream.wikimedia.org/v2/stream/mediawiki.page_change.v1',
    doc: 'EventStreams SSE endpoint for mediawiki.page_change.v1.',
    parse: url('http:', 'https:'),
  }),
  mediawikiApiUrl: spec({
    name: 'OKAPI_MEDIAWIKI_API_URL',
    default: 'https://{domain}/w/api.php',
    doc: 'MediaWiki Action API URL template; `{domain}` becomes e.g. en.wikipedia.org.',
    parse: url('http:', 'https:'),
  }),
  fetchHtml: spec({
    name: 'OKAPI_FETCH_HTML',
    default: 'false',
    doc: 'Also fetch Parsoid HTML for each revision (one request per revision).',
    parse: bool,
  }),
  eventStreamsIdleTimeoutMs: spec({
    name: 'OKAPI_EVENTSTREAMS_IDLE_TIMEOUT_MS',
    default: '60000',
    doc: 'An EventStreams connection that sends no byte for this long (ms) is dropped and resumed.',
    parse: int(100, 3_600_000),
  }),
  eventStreamsSince: spec({
    name: 'OKAPI_EVENTSTREAMS_SINCE',
    doc: 'Where to start when there is no checkpoint yet (`?since=`, RFC3339 or ms epoch). Unset: live.',
    parse: (raw: string) => {
      if (!/^\d+$/.test(raw) && Number.isNaN(Date.parse(raw))) throw new Error('must be RFC3339 or ms since epoch');
      return raw;
    },
  }),
  mediawikiConcurrency: spec({
    name: 'OKAPI_MEDIAWIKI_CONCURRENCY',
    default: '4',
    doc: 'MediaWiki API requests in flight at once (each fetches up to 50 revisions).',
    parse: int(1, 64),
  }),
  userAgent: spec({
    name: 'OKAPI_USER_AGENT',
    default:
      'Okapi/0.1 (self-hosted Wikimedia re-use platform; set OKAPI_USER_AGENT to name your instance and contact)',
    doc: 'User-Agent for Wikimedia requests; Wikimedia policy asks for a contact (URL or e-mail).',
    parse: str,
  }),
  generatorRate: spec({
    name: 'OKAPI_GENERATOR_RATE',
    default: '10',
    doc: 'Events per second of the synthetic `generator:` source (0: as fast as possible).',
    parse: int(0, 1_000_000),
  }),
  esdbUrl: spec({
    name: 'OKAPI_ESDB_URL',
    doc: 'EventStoreDB connection string (esdb://...). Unset: embedded SQLite event store.',
    parse: url('esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:'),
  }),
  clickhouseUrl: spec({
    name: 'OKAPI_CLICKHOUSE_URL',
    doc: 'ClickHouse server HTTP URL (http://user:pass@host:8123/db). Unset: embedded chDB.',
    parse: url('http:', 'https:'),
  }),
  trustProxy: spec({
    name: 'OKAPI_TRUST_PROXY',
    default: '0',
    doc: 'Reverse proxies in front of the API (ingress, load balancer) whose X-Forwarded-For entry is trusted as the client address for login throttling. 0: the TCP peer.',
    parse: int(0, 10),
  }),
  clickhouseReadOnlyUser: spec({
    name: 'OKAPI_CLICKHOUSE_READONLY_USER',
    default: 'okapi_readonly',
    doc: 'ClickHouse server user that runs user SQL (console, `okapi sql`); its profile must set readonly=1 (scripts/clickhouse-server.sh and deploy/k8s create it).',
    parse: str,
  }),
  clickhouseReadOnlyPassword: spec({
    name: 'OKAPI_CLICKHOUSE_READONLY_PASSWORD',
    doc: "Password of OKAPI_CLICKHOUSE_READONLY_USER. Unset: none (the local script's user answers loopback only).",
    parse: str,
    sensitive: true,
  }),
  readModelCacheMb: spec({
    name: 'OKAPI_READ_MODEL_CACHE_MB',
    default: '64',
    doc: 'MiB of Article documents the ClickHouse read model caches by name (entries expire after 5 s; the projector in the same process evicts changed names at once). 0 disables it.',
    parse: int(0, 65536),
  }),
  heapMb: spec({
    name: 'OKAPI_HEAP_MB',
    default: '1024',
    doc: "MiB of V8's old generation for `okapi start` (`--max-old-space-size`, set by bin/okapi.js, which runs the server in a child node with it). Also keeps V8's heap growing factor at 1.3-2x the live set instead of up to 4x. 0: V8's own limit (a quarter of the memory, at most 4 GiB). A limit given in NODE_OPTIONS or on node's command line wins.",
    parse: int(0, 1_048_576),
  }),
  projectBatchEvents: spec({
    name: 'OKAPI_PROJECT_BATCH_EVENTS',
    default: '5000',
    doc: 'Most events the projection runner writes per batch (one insert per table, then the checkpoint).',
    parse: int(1, 1_000_000),
  }),
  derivationTimeoutMs: spec({
    name: 'OKAPI_DERIVATION_TIMEOUT_MS',
    default: '5000',
    doc: 'Deadline of one derivation of Article parts (html, abstract, categories, templates) from wikitext, in ms of CPU time of its worker thread (Linux; wall-clock time elsewhere), so a derivation waiting for a busy core is not cut off; 12 times as much wall-clock time at most. Past it the worker is replaced and the Article goes out without those parts (wikitext stays); the event is recorded as a dead letter of consumer `derivation`.',
    parse: int(100, 600_000),
  }),
  projectIntervalMs: spec({
    name: 'OKAPI_PROJECT_INTERVAL_MS',
    default: '200',
    doc: 'How often the live projection runner polls the event store once caught up (ms).',
    parse: int(10, 60_000),
  }),
  natsUrl: spec({
    name: 'OKAPI_NATS_URL',
    doc: 'NATS server URL (nats://host:4222), or several comma-separated (the nodes of a cluster), for JetStream fan-out. Unset: in-process bus.',
    parse: (raw: string) => {
      const urls = list(raw);
      if (urls.length === 0) throw new Error('must be a URL');
      urls.forEach(url('nats:', 'tls:'));
      return urls.join(',');
    },
  }),
  natsStream: spec({
    name: 'OKAPI_NATS_STREAM',
    default: 'OKAPI_ARTICLES',
    doc: 'JetStream stream Okapi creates and configures for the firehose (subjects okapi.article.>).',
    parse: (raw: string) => {
      if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('must be letters, digits, _ or -');
      return raw;
    },
  }),
  natsReplicas: spec({
    name: 'OKAPI_NATS_REPLICAS',
    default: '1',
    doc: 'JetStream replicas of the firehose stream (3 on a 3-node NATS cluster; at most the cluster size).',
    parse: int(1, 5),
  }),
  streamMaxAgeHours: spec({
    name: 'OKAPI_STREAM_MAX_AGE_HOURS',
    default: '48',
    doc: 'Firehose retention by age (JetStream max_age; in-process bus too). Older offsets are replayed from the event store.',
    parse: int(1, 24 * 365),
  }),
  streamMaxBytes: spec({
    name: 'OKAPI_STREAM_MAX_BYTES',
    default: '1073741824',
    doc: 'Firehose retention by size in bytes for the JetStream stream (default 1 GiB).',
    parse: int(1 << 20),
  }),
  busMemoryBytes: spec({
    name: 'OKAPI_BUS_MEMORY_BYTES',
    default: '67108864',
    doc: 'Embedded mode: bytes of Articles the in-process bus keeps in memory for replay (default 64 MiB).',
    parse: int(1 << 16),
  }),
  streamDuplicateWindowS: spec({
    name: 'OKAPI_STREAM_DUPLICATE_WINDOW_S',
    default: '120',
    doc: 'JetStream duplicate window (seconds) for Nats-Msg-Id dedupe of republished offsets.',
    parse: int(1, 86400),
  }),
  heartbeatMs: spec({
    name: 'OKAPI_HEARTBEAT_MS',
    default: '15000',
    doc: 'Interval of the heartbeat on idle realtime streams (ms): SSE comments; NDJSON blank lines only with Okapi-Stream-Extras: heartbeat.',
    parse: int(100, 3_600_000),
  }),
  streamClientBuffer: spec({
    name: 'OKAPI_STREAM_CLIENT_BUFFER',
    default: '2000',
    doc: 'Messages a realtime client may have queued before it is cut off as too slow (it gets an error event naming its last offset).',
    parse: int(1, 1_000_000),
  }),
  maxInflight: spec({
    name: 'OKAPI_MAX_INFLIGHT',
    default: '64',
    doc: 'Requests the API works on at once (realtime/replay streams, bulk downloads and health probes hold no slot); past it, 503 with Retry-After (1 s, spread over more seconds as the overload deepens) instead of queueing.',
    parse: int(1, 1_000_000),
  }),
  maxConnections: spec({
    name: 'OKAPI_MAX_CONNECTIONS',
    default: '256',
    doc: 'Client connections the API holds open at once, realtime/replay streams and bulk downloads not counted; a new connection past it is answered 503 with Retry-After and closed before its request is parsed (a health probe or a stream on it still gets through).',
    parse: int(1, 1_000_000),
  }),
  auth: spec({
    name: 'OKAPI_AUTH',
    default: 'enabled',
    doc: '`enabled`: every route but /healthz, /readyz, /metrics, /docs, /v1 auth and the console page needs a Bearer token; `disabled`: open (SECURITY.md).',
    parse: oneOf('enabled', 'disabled'),
  }),
  apiTokens: spec({
    name: 'OKAPI_API_TOKENS',
    default: '',
    doc: 'Comma-separated static API tokens accepted as Bearer tokens.',
    parse: list,
  }),
  users: spec({
    name: 'OKAPI_USERS',
    default: '',
    doc: 'Extra API users, comma-separated `name:scrypt$N$r$p$salt$hash` (hash from `okapi hash-password`). Users are also kept in {OKAPI_DATA_DIR}/auth/users.json; when none exist, the first start creates `admin` and prints its password.',
    parse: userList,
    sensitive: true,
  }),
  jwtSecret: spec({
    name: 'OKAPI_JWT_SECRET',
    doc: 'HMAC-SHA256 key for access/refresh tokens (>= 32 characters). Unset: a random key generated on first run and kept in {OKAPI_DATA_DIR}/auth/jwt-secret (0600).',
    parse: secret(32),
    sensitive: true,
  }),
  accessTokenTtl: spec({
    name: 'OKAPI_ACCESS_TOKEN_TTL',
    default: '86400',
    doc: 'Lifetime of access and id tokens in seconds (WME: 24 h).',
    parse: int(60, 31_536_000),
  }),
  refreshTokenTtl: spec({
    name: 'OKAPI_REFRESH_TOKEN_TTL',
    default: '7776000',
    doc: 'Lifetime of refresh tokens in seconds (WME: 90 days).',
    parse: int(60, 315_360_000),
  }),
  suspectThreshold: spec({
    name: 'OKAPI_SUSPECT_THRESHOLD',
    doc: 'Revert-risk probability at or above which a revision is flagged `suspect`. Unset: the learned model\'s own threshold (chosen on held-out revisions; README "Vandalism flags").',
    parse: float(0, 1),
  }),
  logLevel: spec({
    name: 'OKAPI_LOG_LEVEL',
    default: 'info',
    doc: "Log level: error, warn, info, debug (debug also prints a failed command's stack trace).",
    parse: oneOf('error', 'warn', 'info', 'debug'),
  }),
  snapshotEntryBytes: spec({
    name: 'OKAPI_SNAPSHOT_ENTRY_BYTES',
    default: '100000000',
    doc: 'Largest uncompressed NDJSON entry in a snapshot/batch tar.gz (WME: 100 MB).',
    parse: int(1024),
  }),
  snapshotChunkBytes: spec({
    name: 'OKAPI_SNAPSHOT_CHUNK_BYTES',
    default: '1000000000',
    doc: 'Largest uncompressed chunk file (`chunks/{id}/chunk_{n}.tar.gz`, one entry of whole snapshot entries; ~200-300 MB compressed like WME chunks). Below OKAPI_SNAPSHOT_ENTRY_BYTES it also caps entries.',
    parse: int(1024),
  }),
  snapshotChunks: spec({
    name: 'OKAPI_SNAPSHOT_CHUNKS',
    default: 'true',
    doc: 'Also publish snapshots as chunk files (`chunks/{id}/chunk_{n}.tar.gz`) for downloads in parts.',
    parse: bool,
  }),
  snapshotTime: spec({
    name: 'OKAPI_SNAPSHOT_TIME',
    default: '12:00',
    doc: 'UTC time of day (HH:MM) `okapi start` rebuilds every snapshot; `off` disables daily snapshots.',
    parse: timeOfDay,
  }),
  batchSchedule: spec({
    name: 'OKAPI_BATCH_SCHEDULE',
    default: 'true',
    doc: "`okapi start` builds each hour's batches once the hour has closed (plus OKAPI_BATCH_DELAY_S).",
    parse: bool,
  }),
  batchDelayS: spec({
    name: 'OKAPI_BATCH_DELAY_S',
    default: '120',
    doc: 'Seconds after an hour closes before its batch is built (lets projections catch up).',
    parse: int(0, 3600),
  }),
  batchRetentionHours: spec({
    name: 'OKAPI_BATCH_RETENTION_HOURS',
    default: '48',
    doc: 'Hourly batches older than this are deleted (WME keeps 2 days).',
    parse: int(1),
  }),
  bulkWorkers: spec({
    name: 'OKAPI_BULK_WORKERS',
    default: '1',
    doc: 'Worker threads compressing snapshots/batches (gzip-6, ~30 MB/s each); the API thread never compresses.',
    parse: int(1, 64),
  }),
  bulkGzipLevel: spec({
    name: 'OKAPI_BULK_GZIP_LEVEL',
    default: '6',
    doc: 'gzip level of snapshots/batches: 6 is the standard (WME-sized files); 1 takes ~1/3 of the CPU for files ~30 % larger.',
    parse: int(1, 9),
  }),
} as const;

type SpecMap = typeof ENV_SPEC;
type Parsed<S> = S extends EnvVarSpec<infer T> ? T : never;
type OptionalKeys = { [K in keyof SpecMap]: SpecMap[K] extends { default: string } ? never : K }[keyof SpecMap];
export type OkapiConfig = { readonly [K in Exclude<keyof SpecMap, OptionalKeys>]: Parsed<SpecMap[K]> } & {
  readonly [K in OptionalKeys]?: Parsed<SpecMap[K]>;
};

/**
 * The defaults of ENV_SPEC, parsed: what a component uses when built without a config (tests,
 * benches). Never write a setting's default twice: refer to this (`CONFIG_DEFAULTS.heartbeatMs`).
 */
export const CONFIG_DEFAULTS: Readonly<Omit<OkapiConfig, OptionalKeys>> = Object.fromEntries(
  (Object.entries(ENV_SPEC) as [string, EnvVarSpec][]).flatMap(([key, s]) =>
    s.default === undefined ? [] : [[key, s.parse(s.default)]],
  ),
) as Omit<OkapiConfig, OptionalKeys>;

/** Every variable name Okapi knows (used by the k8s drift test and .env.example check). */
export const KNOWN_ENV_VARS: readonly string[] = Object.values(ENV_SPEC).map((s) => s.name);

/** Variables of the test and benchmark tooling, not of Okapi itself (libs/testing/src/real-data.ts). */
const TOOLING_ENV = /^OKAPI_(TEST_\w+|REAL_DATA_DIR|REQUIRE_REAL_DATA)$/;

/** Validates the whole environment once; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OkapiConfig {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, s] of Object.entries(ENV_SPEC) as [string, EnvVarSpec][]) {
    const raw = env[s.name] ?? s.default;
    if (raw === undefined) {
      if (s.required) problems.push(`${s.name} is required: ${s.doc}`);
      continue;
    }
    try {
      out[key] = s.parse(raw);
    } catch (e) {
      problems.push(`${s.name}=${s.sensitive ? '<redacted>' : JSON.stringify(raw)} ${(e as Error).message}`);
    }
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('OKAPI_') && !KNOWN_ENV_VARS.includes(name) && !TOOLING_ENV.test(name)) {
      problems.push(`${name} is not a known variable (see .env.example)`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as OkapiConfig;
}
