import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { connect, JetStreamManager, NatsConnection } from 'nats';
import { makeTempDir, TempDir } from '@okapi/testing';
import { must } from '@okapi/domain';
import { LocalCluster } from '../../scripts/cluster/local-cluster';

const SCRIPT = resolve(__dirname, '../../scripts/cluster.sh');

/**
 * One isolated local cluster per test run, brought up and torn down by `scripts/cluster.sh`
 * itself: its own temp directory, free ports, a random ClickHouse database and JetStream stream.
 */
export class ClusterFixture {
  readonly id = randomBytes(4).toString('hex');
  private tmp: TempDir | undefined;
  cluster!: LocalCluster;
  private nc: NatsConnection | undefined;
  jsm!: JetStreamManager;

  constructor(private readonly clickhouseUrl: string) {}

  get stream(): string {
    return this.cluster.plan.settings.stream;
  }

  get token(): string {
    return this.cluster.plan.settings.apiToken;
  }

  url(instance: string): string {
    return this.cluster.role(instance).url;
  }

  /** `scripts/cluster.sh up` with this fixture's isolation settings and the roles' extra variables. */
  up(okapiEnv: Record<string, string>): void {
    this.tmp = makeTempDir('okapi-cluster-');
    const run = this.script(['up'], okapiEnv, 240_000);
    if (run.status !== 0) throw new Error(`cluster.sh up failed (${run.status}):\n${run.stderr}`);
    this.cluster = LocalCluster.load(this.tmp.path);
  }

  async connectNats(): Promise<JetStreamManager> {
    this.nc = await connect({
      servers: this.cluster.plan.natsUrl.split(','),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    this.jsm = await this.nc.jetstreamManager({ timeout: 10_000 });
    return this.jsm;
  }

  /** Tears everything down (even after a failure): the script first, then any pid it left. */
  async down(): Promise<void> {
    await this.nc?.close().catch(() => undefined);
    if (!this.tmp) return;
    const dir = this.tmp.path;
    try {
      const run = this.script(['down', '--purge'], {}, 120_000);
      if (run.status !== 0 && LocalCluster.exists(dir)) await LocalCluster.load(dir).down({ purge: true });
    } finally {
      this.tmp.remove();
    }
  }

  private script(args: string[], okapiEnv: Record<string, string>, timeout: number) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_')));
    return spawnSync('bash', [SCRIPT, ...args], {
      encoding: 'utf8',
      timeout,
      env: {
        ...env,
        ...okapiEnv,
        CLUSTER_DIR: must(this.tmp, 'the cluster dir').path,
        CLUSTER_PORTS: 'auto',
        CLUSTER_DATABASE: `okapi_faults_${this.id}`,
        CLUSTER_STREAM: `OKAPI_FAULTS_${this.id}`,
        CLUSTER_CLICKHOUSE: this.clickhouseUrl,
      },
    });
  }
}

/** One gauge or counter from a Prometheus /metrics page, or undefined when absent or unreachable. */
export async function metric(baseUrl: string, name: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.slice(name.length + 1));
  } catch {
    return undefined;
  }
}

export async function isReady(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}
