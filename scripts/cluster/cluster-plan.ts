import { join } from 'node:path';
import { ROLE_PROBES, ROLES, RoleDefinition, RoleName } from '../../apps/cli/src/roles/role-definitions';

/**
 * What `scripts/cluster.sh up` runs on one machine, as data: three NATS JetStream nodes and one
 * process per role (two API replicas), each an `okapi <role>` command with its environment.
 * Built from the role table (apps/cli/src/roles/role-definitions.ts) like the Kubernetes
 * manifests, and compared with them by test/k8s/cluster-topology.spec.ts. Pure: no I/O here.
 */
export interface ClusterSettings {
  /** Holds the NATS stores, the role logs and pids, the shared OKAPI_DATA_DIR and cluster.json. */
  readonly dir: string;
  readonly natsNodes: readonly NatsPorts[];
  /** OKAPI_PORT of each role instance, by instance id (`api-1`, `ingest`, …). */
  readonly rolePorts: Readonly<Partial<Record<string, number>>>;
  /** ClickHouse server (no database in the path) and the database the roles use. */
  readonly clickhouseUrl: string;
  readonly database: string;
  readonly stream: string;
  readonly apiReplicas: number;
  /** Bearer token and JWT key every API replica shares. */
  readonly apiToken: string;
  readonly jwtSecret: string;
  /** The caller's OKAPI_* variables (e.g. OKAPI_SOURCES, OKAPI_ESDB_URL), passed to every role. */
  readonly passthrough: Readonly<Record<string, string>>;
}

export interface NatsPorts {
  readonly client: number;
  readonly route: number;
  readonly monitor: number;
}

export interface NatsNodePlan extends NatsPorts {
  readonly name: string;
  readonly url: string;
  readonly storeDir: string;
  readonly configFile: string;
  readonly logFile: string;
}

export interface RoleInstancePlan {
  /** `ingest`, `projector`, …, `api-1`, `api-2`. */
  readonly id: string;
  readonly role: RoleName;
  /** Arguments after `okapi`. */
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly url: string;
  readonly readyUrl: string;
  readonly logFile: string;
}

export interface ClusterPlan {
  readonly settings: ClusterSettings;
  readonly dataDir: string;
  readonly nats: readonly NatsNodePlan[];
  readonly natsUrl: string;
  /** In start order: the writer first, API replicas last. */
  readonly roles: readonly RoleInstancePlan[];
}

export const CLUSTER_NAME = 'okapi-local';

/** The default fixed ports: clients 14222-14224, routes 16222-16224, monitoring 18222-18224, roles 18080+. */
export const FIXED_NATS_PORTS: readonly NatsPorts[] = [0, 1, 2].map((i) => ({
  client: 14222 + i,
  route: 16222 + i,
  monitor: 18222 + i,
}));

/** Instance ids in start order: ingest (the one writer) first, the API replicas last. */
export function instanceIds(apiReplicas: number): string[] {
  const singletons = ROLES.filter((r) => r.instances === 'one').map((r) => r.name);
  return [...singletons, ...Array.from({ length: apiReplicas }, (_, i) => `api-${i + 1}`)];
}

export function fixedRolePorts(apiReplicas: number): Record<string, number> {
  return Object.fromEntries(instanceIds(apiReplicas).map((id, i) => [id, 18080 + i]));
}

export function clusterPlan(s: ClusterSettings): ClusterPlan {
  const dataDir = join(s.dir, 'data');
  const nats = s.natsNodes.map((p, i) => ({
    ...p,
    name: `nats-${i}`,
    url: `nats://127.0.0.1:${p.client}`,
    storeDir: join(s.dir, `nats-${i}`),
    configFile: join(s.dir, `nats-${i}.conf`),
    logFile: join(s.dir, 'logs', `nats-${i}.log`),
  }));
  const natsUrl = nats.map((n) => n.url).join(',');
  const shared = sharedEnv(s, dataDir, natsUrl);
  const roles = instanceIds(s.apiReplicas).map((id) => {
    const role = roleOf(id);
    const port = s.rolePorts[id];
    if (port === undefined) throw new Error(`no port for ${id}`);
    const url = `http://127.0.0.1:${port}`;
    return {
      id,
      role: role.name,
      command: role.command,
      env: { ...shared, OKAPI_PORT: String(port) },
      url,
      readyUrl: `${url}${ROLE_PROBES.readiness}`,
      logFile: join(s.dir, 'logs', `${id}.log`),
    };
  });
  return { settings: s, dataDir, nats, natsUrl, roles };
}

/** The configuration every role shares, as the Kubernetes ConfigMap + Secret give every pod. */
function sharedEnv(s: ClusterSettings, dataDir: string, natsUrl: string): Record<string, string> {
  return {
    OKAPI_SOURCES: 'generator:enwiki',
    OKAPI_LOG_LEVEL: 'info',
    ...s.passthrough,
    OKAPI_HOST: '127.0.0.1',
    OKAPI_DATA_DIR: dataDir,
    OKAPI_CLICKHOUSE_URL: `${s.clickhouseUrl.replace(/\/+$/, '')}/${s.database}`,
    OKAPI_NATS_URL: natsUrl,
    OKAPI_NATS_STREAM: s.stream,
    OKAPI_NATS_REPLICAS: String(s.natsNodes.length),
    OKAPI_AUTH: 'enabled',
    OKAPI_API_TOKENS: s.apiToken,
    OKAPI_JWT_SECRET: s.jwtSecret,
  };
}

export function roleOf(instanceId: string): RoleDefinition {
  const name = instanceId.replace(/-\d+$/, '');
  const role = ROLES.find((r) => r.name === name);
  if (!role) throw new Error(`unknown role instance "${instanceId}"`);
  return role;
}

/** The nats-server configuration of node `i`: JetStream on its own store, routes to every node. */
export function natsNodeConfig(plan: ClusterPlan, i: number): string {
  const node = plan.nats[i];
  const routes = plan.nats.map((n) => `nats-route://127.0.0.1:${n.route}`).join(', ');
  return [
    `server_name: ${node.name}`,
    `listen: 127.0.0.1:${node.client}`,
    `http: 127.0.0.1:${node.monitor}`,
    // Room for MediaWiki's 2 MiB revisions inside a WME Article (as in deploy/k8s).
    'max_payload: 8388608',
    `jetstream { store_dir: "${node.storeDir}" }`,
    `cluster { name: ${CLUSTER_NAME}, listen: 127.0.0.1:${node.route}, routes: [${routes}] }`,
    '',
  ].join('\n');
}
