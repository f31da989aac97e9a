import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ClusterSettings, FIXED_NATS_PORTS, fixedRolePorts, instanceIds } from './cluster-plan';
import { LocalCluster } from './local-cluster';

/**
 * `scripts/cluster.sh up|down|status|start|stop|kill` (the shell script checks the binaries and
 * runs this). Settings come from CLUSTER_* variables, never OKAPI_* ones: those are the roles'
 * configuration, passed through to every role.
 */
const USAGE = `usage: scripts/cluster.sh COMMAND
  up                 start what is not running: 3 NATS JetStream nodes, then every role; wait until ready
  status             each process: running, ready (exit 3 when one is not)
  down [--purge]     stop the roles, then NATS; --purge also deletes CLUSTER_DIR and the ClickHouse database
  start NAME         start one process (nats-0..2, ingest, projector, publisher, scheduler, api-1, api-2)
  stop NAME          SIGTERM one process (SIGKILL after 15 s)
  kill NAME          SIGKILL one process (a crash)
settings (first 'up' only; later commands read CLUSTER_DIR/cluster.json):
  CLUSTER_DIR=/var/tmp/okapi-cluster   CLUSTER_PORTS=fixed|auto   CLUSTER_DATABASE=okapi_cluster
  CLUSTER_STREAM=OKAPI_CLUSTER   CLUSTER_CLICKHOUSE=http://127.0.0.1:18123   CLUSTER_API_REPLICAS=2
  OKAPI_* variables (e.g. OKAPI_SOURCES, OKAPI_GENERATOR_RATE, OKAPI_ESDB_URL) go to every role.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const env = process.env;
  const dir = resolve(env.CLUSTER_DIR || '/var/tmp/okapi-cluster');
  const log = (line: string): void => void process.stderr.write(`cluster: ${line}\n`);
  switch (command) {
    case 'up': {
      const cluster = LocalCluster.exists(dir)
        ? LocalCluster.load(dir)
        : LocalCluster.create(await settingsFromEnv(dir, env));
      await cluster.up(log);
      // Each role was ready when started; a probe on a loaded machine can still miss once (a stream
      // leader moving while the later roles start), so the final report waits for all to agree.
      await cluster.waitAllReady();
      return report(cluster, log);
    }
    case 'status':
      return LocalCluster.exists(dir) ? report(LocalCluster.load(dir), log) : (log(`no cluster in ${dir}`), 3);
    case 'down': {
      if (!LocalCluster.exists(dir)) return (log(`no cluster in ${dir}`), 0);
      await LocalCluster.load(dir).down({ purge: rest.includes('--purge') });
      log(rest.includes('--purge') ? `stopped; ${dir} and its database deleted` : 'stopped');
      return 0;
    }
    case 'start':
    case 'stop':
    case 'kill':
      return one(command, rest[0], LocalCluster.load(dir));
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === 'help' || command === '--help' ? 0 : 2;
  }
}

async function one(
  command: 'start' | 'stop' | 'kill',
  name: string | undefined,
  cluster: LocalCluster,
): Promise<number> {
  if (!name) throw new Error(`${command} needs a process name`);
  const nats = cluster.plan.nats.findIndex((n) => n.name === name);
  if (command === 'kill') return cluster.kill(name) ? 0 : 1;
  if (command === 'stop') return cluster.stop(name).then(() => 0);
  if (nats >= 0) {
    cluster.startNats(nats);
    await cluster.waitNatsReady();
  } else await cluster.startRole(name);
  return 0;
}

async function report(cluster: LocalCluster, log: (line: string) => void): Promise<number> {
  const status = await cluster.status();
  for (const s of status)
    log(
      `${s.name.padEnd(10)} ${s.running ? `pid ${s.pid}` : 'stopped'.padEnd(10)} ${s.ready ? 'ready' : 'NOT READY'} ${s.url}`,
    );
  const p = cluster.plan;
  process.stdout.write(
    `${JSON.stringify({
      dir: cluster.dir,
      nats: p.natsUrl,
      clickhouse: p.roles[0].env.OKAPI_CLICKHOUSE_URL,
      stream: p.settings.stream,
      api: p.roles.filter((r) => r.role === 'api').map((r) => r.url),
      token_file: `${cluster.dir}/cluster.json`,
      processes: status.map(({ detail: _detail, ...s }) => s),
    })}\n`,
  );
  return status.every((s) => s.running && s.ready) ? 0 : 3;
}

async function settingsFromEnv(dir: string, env: NodeJS.ProcessEnv): Promise<ClusterSettings> {
  const apiReplicas = Number(env.CLUSTER_API_REPLICAS || 2);
  if (!Number.isInteger(apiReplicas) || apiReplicas < 1)
    throw new Error('CLUSTER_API_REPLICAS must be an integer >= 1');
  const auto = env.CLUSTER_PORTS === 'auto';
  if (!auto && env.CLUSTER_PORTS && env.CLUSTER_PORTS !== 'fixed')
    throw new Error('CLUSTER_PORTS must be fixed or auto');
  const ids = instanceIds(apiReplicas);
  const free = auto ? await freePorts(9 + ids.length) : [];
  return {
    dir,
    natsNodes: auto
      ? [0, 1, 2].map((i) => ({ client: free[i], route: free[3 + i], monitor: free[6 + i] }))
      : FIXED_NATS_PORTS,
    rolePorts: auto ? Object.fromEntries(ids.map((id, i) => [id, free[9 + i]])) : fixedRolePorts(apiReplicas),
    clickhouseUrl: env.CLUSTER_CLICKHOUSE || 'http://127.0.0.1:18123',
    database: env.CLUSTER_DATABASE || 'okapi_cluster',
    stream: env.CLUSTER_STREAM || 'OKAPI_CLUSTER',
    apiReplicas,
    apiToken: randomBytes(24).toString('base64url'),
    jwtSecret: randomBytes(32).toString('hex'),
    passthrough: Object.fromEntries(
      Object.entries(env).filter(([k, v]) => k.startsWith('OKAPI_') && !k.startsWith('OKAPI_TEST_') && v !== undefined),
    ) as Record<string, string>,
  };
}

/** Distinct ports the kernel hands out right now (held together, so no two are the same). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((ok, fail) => {
          const s = createServer();
          s.once('error', fail).listen(0, '127.0.0.1', () => ok(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`cluster: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
