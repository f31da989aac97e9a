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
}

const str: Parser<string> = (raw) => raw;
const int = (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> => (raw) => {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`must be an integer between ${min} and ${max}`);
  }
  return n;
};
const float = (min: number, max: number): Parser<number> => (raw) => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new Error(`must be a number between ${min} and ${max}`);
  return n;
};
const oneOf = <T extends string>(...values: T[]): Parser<T> => (raw) => {
  if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}`);
  return raw as T;
};
const bool: Parser<boolean> = (raw) => {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error('must be true or false');
};
const url = (...protocols: string[]): Parser<string> => (raw) => {
  let u: URL;
  try {
    u = new URL(raw.replace(/\{[a-z]+\}/g, 'x'));
  } catch {
    throw new Error('must be a URL');
  }
  if (!protocols.includes(u.protocol)) throw new Error(`must use ${protocols.join(' or ')}`);
  return raw;
};
const list: Parser<string[]> = (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean);

export interface SourceSpec {
  readonly kind: 'eventstreams' | 'generator';
  readonly wikis: readonly string[];
}
const sources: Parser<SourceSpec[]> = (raw) =>
  raw.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
        const [kind, rest = ''] = part.split(':', 2);
        if (kind !== 'eventstreams' && kind !== 'generator') throw new Error(`unknown source "${kind}" (eventstreams or generator)`);
        const wikis = list(rest);
        if (kind === 'eventstreams' && wikis.length === 0) throw new Error('eventstreams needs a wiki list, e.g. eventstreams:enwiki,dewiki');
        for (const w of wikis) if (!/^[a-z0-9_]+$/.test(w)) throw new Error(`"${w}" is not a wiki id`);
        return { kind, wikis };
      });

function spec<T>(s: EnvVarSpec<T>): EnvVarSpec<T> {
  return s;
}

export const ENV_SPEC = {
  port: spec({ name: 'OKAPI_PORT', default: '8080', doc: 'HTTP port of the API / all-in-one server.', parse: int(0, 65535) }),
  host: spec({ name: 'OKAPI_HOST', default: '127.0.0.1', doc: 'Interface the HTTP server binds (0.0.0.0 in containers).', parse: str }),
  dataDir: spec({ name: 'OKAPI_DATA_DIR', default: './data', doc: 'Directory for the SQLite event store, chDB data, bulk files and checkpoints.', parse: (raw: string) => resolve(raw) }),
  sources: spec({ name: 'OKAPI_SOURCES', default: '', doc: 'Live sources `okapi start` follows, `;`-separated: `eventstreams:enwiki,dewiki`, `generator:enwiki`. Empty: none.', parse: sources }),
  eventStreamsUrl: spec({ name: 'OKAPI_EVENTSTREAMS_URL', default: 'https://stream.wikimedia.org/v2/stream/mediawiki.page_change.v1', doc: 'EventStreams SSE endpoint for mediawiki.page_change.v1.', parse: url('http:', 'https:') }),
  mediawikiApiUrl: spec({ name: 'OKAPI_MEDIAWIKI_API_URL', default: 'https://{domain}/w/api.php', doc: 'MediaWiki Action API URL template; `{domain}` becomes e.g. en.wikipedia.org.', parse: url('http:', 'https:') }),
  fetchHtml: spec({ name: 'OKAPI_FETCH_HTML', default: 'false', doc: 'Also fetch Parsoid HTML for each revision (one request per revision).', parse: bool }),
  esdbUrl: spec({ name: 'OKAPI_ESDB_URL', doc: 'EventStoreDB connection string (esdb://...). Unset: embedded SQLite event store.', parse: url('esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:') }),
  clickhouseUrl: spec({ name: 'OKAPI_CLICKHOUSE_URL', doc: 'ClickHouse server HTTP URL (http://user:pass@host:8123/db). Unset: embedded chDB.', parse: url('http:', 'https:') }),
  natsUrl: spec({ name: 'OKAPI_NATS_URL', doc: 'NATS server URL (nats://host:4222) for JetStream fan-out. Unset: in-process bus.', parse: url('nats:', 'tls:') }),
  auth: spec({ name: 'OKAPI_AUTH', default: 'enabled', doc: '`enabled`: /v2 data endpoints need a Bearer token; `disabled`: open.', parse: oneOf('enabled', 'disabled') }),
  apiTokens: spec({ name: 'OKAPI_API_TOKENS', default: '', doc: 'Comma-separated static API tokens accepted as Bearer tokens.', parse: list }),
  suspectThreshold: spec({ name: 'OKAPI_SUSPECT_THRESHOLD', default: '0.5', doc: 'Vandalism probability at or above which a revision is flagged `suspect`.', parse: float(0, 1) }),
  logLevel: spec({ name: 'OKAPI_LOG_LEVEL', default: 'info', doc: 'Log level: error, warn, info, debug.', parse: oneOf('error', 'warn', 'info', 'debug') }),
} as const;

type SpecMap = typeof ENV_SPEC;
type Parsed<S> = S extends EnvVarSpec<infer T> ? T : never;
type OptionalKeys = { [K in keyof SpecMap]: SpecMap[K] extends { default: string } ? never : K }[keyof SpecMap];
export type OkapiConfig = { readonly [K in Exclude<keyof SpecMap, OptionalKeys>]: Parsed<SpecMap[K]> } & {
  readonly [K in OptionalKeys]?: Parsed<SpecMap[K]>;
};

/** Every variable name Okapi knows (used by the k8s drift test and .env.example check). */
export const KNOWN_ENV_VARS: readonly string[] = Object.values(ENV_SPEC).map((s) => s.name);

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
      problems.push(`${s.name}=${JSON.stringify(raw)} ${(e as Error).message}`);
    }
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('OKAPI_') && !KNOWN_ENV_VARS.includes(name) && !name.startsWith('OKAPI_TEST_')) {
      problems.push(`${name} is not a known variable (see .env.example)`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as OkapiConfig;
}
