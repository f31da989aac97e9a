import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClusterPlan, clusterPlan, ClusterSettings, natsNodeConfig, RoleInstancePlan } from './cluster-plan';
import { isRunning, ProcessRecord, signal, sleep, spawnDetached, stopProcess } from './detached-process';
import { clickhouseAnswers, dropDatabase, httpJson, natsMetaLeader } from './cluster-probes';

// A role catching up (the publisher at 100 edits/s on a loaded 2-core machine) answers /readyz in
// 1-3 s, its own checks bounded at 3 s: the probe waits longer than they can take.
const READY_PROBE_TIMEOUT_MS = 10_000;

const ROOT = resolve(__dirname, '../..');
const OKAPI = join(ROOT, 'bin', 'okapi.js');
const STATE_FILE = 'cluster.json';

interface ClusterState {
  readonly settings: ClusterSettings;
  readonly processes: Record<string, ProcessRecord>;
}

export interface InstanceStatus {
  readonly name: string;
  readonly pid?: number;
  readonly running: boolean;
  readonly ready: boolean;
  readonly url: string;
  readonly detail?: unknown;
}

/**
 * The local cluster of `scripts/cluster.sh`: starts, stops and inspects the processes of a
 * ClusterPlan, keeping their pids in `<dir>/cluster.json` so any later invocation (or a test)
 * can act on them. Every wait is on a condition (a node's JetStream meta leader, a role's
 * /readyz), bounded by a timeout that names what it waited for.
 */
export class LocalCluster {
  readonly plan: ClusterPlan;

  private constructor(private readonly state: ClusterState) {
    this.plan = clusterPlan(state.settings);
  }

  static exists(dir: string): boolean {
    return existsSync(join(dir, STATE_FILE));
  }

  static load(dir: string): LocalCluster {
    const file = join(dir, STATE_FILE);
    if (!existsSync(file)) throw new Error(`no cluster in ${dir} (no ${STATE_FILE}; run scripts/cluster.sh up)`);
    return new LocalCluster(JSON.parse(readFileSync(file, 'utf8')) as ClusterState);
  }

  static create(settings: ClusterSettings): LocalCluster {
    mkdirSync(settings.dir, { recursive: true });
    const cluster = new LocalCluster({ settings, processes: {} });
    cluster.save();
    return cluster;
  }

  get dir(): string {
    return this.state.settings.dir;
  }

  process(name: string): ProcessRecord | undefined {
    return this.state.processes[name];
  }

  isRunning(name: string): boolean {
    return isRunning(this.state.processes[name]);
  }

  role(id: string): RoleInstancePlan {
    const r = this.plan.roles.find((x) => x.id === id);
    if (!r) throw new Error(`no role instance "${id}" (${this.plan.roles.map((x) => x.id).join(', ')})`);
    return r;
  }

  /** Starts whatever is not running, in order, waiting for each stage to be ready. */
  async up(log: (line: string) => void = () => undefined, timeoutMs = 120_000): Promise<void> {
    if (!(await clickhouseAnswers(this.state.settings.clickhouseUrl)))
      throw new Error(
        `no ClickHouse server answers at ${this.state.settings.clickhouseUrl} (start it: scripts/clickhouse-server.sh start)`,
      );
    for (let i = 0; i < this.plan.nats.length; i++) this.startNats(i);
    await this.waitNatsReady(timeoutMs);
    log(`nats: ${this.plan.nats.length} JetStream nodes up (${this.plan.natsUrl})`);
    // The writer first (it creates the SQLite file), then the rest; API replicas one at a time so
    // only one of them creates the first-run auth store.
    const [writer, ...rest] = this.plan.roles;
    await this.startRole(writer.id, timeoutMs);
    const singletons = rest.filter((r) => r.role !== 'api');
    await Promise.all(singletons.map((r) => this.startRole(r.id, timeoutMs)));
    for (const r of rest.filter((x) => x.role === 'api')) await this.startRole(r.id, timeoutMs);
    log(`roles: ${this.plan.roles.map((r) => `${r.id} ${r.url}`).join(', ')}`);
  }

  startNats(i: number): void {
    const node = this.plan.nats[i];
    if (this.isRunning(node.name)) return;
    mkdirSync(node.storeDir, { recursive: true });
    writeFileSync(node.configFile, natsNodeConfig(this.plan, i));
    this.record(
      node.name,
      spawnDetached('nats-server', ['-c', node.configFile], { env: process.env, logFile: node.logFile }),
    );
  }

  /** Starts a role instance unless it runs, then waits for its /readyz. */
  async startRole(id: string, timeoutMs = 120_000): Promise<void> {
    const r = this.role(id);
    if (!this.isRunning(id)) {
      const env = { ...withoutOkapiVariables(process.env), ...r.env };
      this.record(id, spawnDetached(process.execPath, [OKAPI, ...r.command], { env, logFile: r.logFile, cwd: ROOT }));
    }
    await this.waitReady(id, timeoutMs);
  }

  async waitReady(id: string, timeoutMs = 120_000): Promise<void> {
    const r = this.role(id);
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (!this.isRunning(id)) throw new Error(`${id} exited while starting (see ${r.logFile})`);
      const res = await httpJson(r.readyUrl, { timeoutMs: READY_PROBE_TIMEOUT_MS });
      if (res.status === 200) return;
      last = res.status ? `${res.status} ${JSON.stringify(res.body)}` : String(res.error);
      await sleep(100);
    }
    throw new Error(`${id} not ready within ${timeoutMs} ms at ${r.readyUrl}: ${last} (see ${r.logFile})`);
  }

  /** Waits (bounded) until every NATS node and role answers ready at the same time. */
  async waitAllReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const status = await this.status();
      if (status.every((s) => s.running && s.ready)) return;
      await sleep(250);
    }
  }

  /** Every running node sees a JetStream meta leader (the cluster can create and serve streams). */
  async waitNatsReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = this.plan.nats.filter((n) => this.isRunning(n.name));
      const leaders = await Promise.all(running.map((n) => natsMetaLeader(n.monitor)));
      if (running.length > 0 && leaders.every(Boolean)) return;
      if (Date.now() > deadline)
        throw new Error(`NATS JetStream has no meta leader within ${timeoutMs} ms (see ${this.dir}/logs/nats-*.log)`);
      await sleep(100);
    }
  }

  /** Sends a signal (default SIGKILL, a crash) to one process of the cluster by name. */
  kill(name: string, sig: NodeJS.Signals = 'SIGKILL'): boolean {
    return signal(this.state.processes[name], sig);
  }

  async stop(name: string, graceMs?: number): Promise<void> {
    await stopProcess(this.state.processes[name], graceMs);
  }

  /** Stops the roles (API first, the writer last), then the NATS nodes; `purge` also deletes the data. */
  async down(options: { purge?: boolean } = {}): Promise<void> {
    const roles = [...this.plan.roles].reverse();
    await Promise.all(roles.filter((r) => r.role === 'api').map((r) => this.stop(r.id)));
    await Promise.all(roles.filter((r) => r.role !== 'api' && r.role !== 'ingest').map((r) => this.stop(r.id)));
    await Promise.all(roles.filter((r) => r.role === 'ingest').map((r) => this.stop(r.id)));
    await Promise.all(this.plan.nats.map((n) => this.stop(n.name)));
    if (!options.purge) return;
    await dropDatabase(this.state.settings.clickhouseUrl, this.state.settings.database);
    rmSync(this.dir, { recursive: true, force: true });
  }

  async status(): Promise<InstanceStatus[]> {
    const nats = this.plan.nats.map(async (n) => {
      const running = this.isRunning(n.name);
      const leader = running ? await natsMetaLeader(n.monitor) : undefined;
      return { name: n.name, pid: this.process(n.name)?.pid, running, ready: !!leader, url: n.url, detail: { leader } };
    });
    const roles = this.plan.roles.map(async (r) => {
      const running = this.isRunning(r.id);
      const res = running ? await httpJson(r.readyUrl, { timeoutMs: READY_PROBE_TIMEOUT_MS }) : undefined;
      return {
        name: r.id,
        pid: this.process(r.id)?.pid,
        running,
        ready: res?.status === 200,
        url: r.url,
        detail: res?.body,
      };
    });
    return Promise.all([...nats, ...roles]);
  }

  private record(name: string, p: ProcessRecord): void {
    this.state.processes[name] = p;
    this.save();
  }

  private save(): void {
    writeFileSync(join(this.dir, STATE_FILE), `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
  }
}

/** The roles get exactly the plan's OKAPI_* variables (Okapi rejects unknown ones). */
function withoutOkapiVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('OKAPI_')));
}
