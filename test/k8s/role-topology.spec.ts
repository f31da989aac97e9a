import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@okapi/adapters/config';
import { ROLE_PROBES, ROLES, RoleDefinition, STORE_URL_VARIABLE } from '../../apps/cli/src/roles/role-definitions';
import { clusterPlan, FIXED_NATS_PORTS, fixedRolePorts } from '../../scripts/cluster/cluster-plan';
import { containerEnv, find, okapiWorkloads, renderOverlay } from './manifest-model';

/**
 * One source of truth for the distributed topology: the role table
 * (apps/cli/src/roles/role-definitions.ts). The `okapi` subcommands are built from it, so is
 * the local cluster of scripts/cluster.sh (which the fault test runs), and here the Kubernetes
 * manifests are held to it: same roles, same commands, same probes, the configuration each role
 * needs, and the same environment names the local cluster sets.
 */
const ROOT = join(__dirname, '../..');
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');
type Obj = Record<string, any>;

const local = clusterPlan({
  dir: '/tmp/okapi-cluster-plan',
  natsNodes: FIXED_NATS_PORTS,
  rolePorts: fixedRolePorts(2),
  clickhouseUrl: 'http://127.0.0.1:18123',
  database: 'okapi_cluster',
  stream: 'OKAPI_CLUSTER',
  apiReplicas: 2,
  apiToken: 'token',
  jwtSecret: 'x'.repeat(32),
  passthrough: {},
});

describe.each(['dev', 'prod'])('deploy/k8s/overlays/%s follows the role table', (overlay) => {
  const objects = renderOverlay(overlay);
  const deployment = (r: RoleDefinition): Obj => find(objects, 'Deployment', `okapi-${r.name}`);
  const container = (r: RoleDefinition): Obj => deployment(r).spec.template.spec.containers[0];
  const env = (r: RoleDefinition): Partial<Record<string, string>> => containerEnv(objects, container(r));

  it('runs one Deployment per role and no other Okapi workload', () => {
    const names = okapiWorkloads(objects).map((w) => `${w.object.kind}/${w.object.metadata.name}`);
    expect(names.sort()).toEqual(ROLES.map((r) => `Deployment/okapi-${r.name}`).sort());
    for (const r of ROLES)
      expect(deployment(r).spec.template.metadata.labels['app.kubernetes.io/component']).toBe(r.name);
  });

  it.each(ROLES.map((r) => [r.name, r]))('%s: runs `okapi <command>` through the image entrypoint', (_n, r) => {
    expect(container(r).args).toEqual([r.name]);
    const run = spawnSync('sh', [ENTRYPOINT, '--dry-run', ...container(r).args], { encoding: 'utf8' });
    expect(run.stdout).toBe(`node ${join(ROOT, 'bin/okapi.js')} ${r.command.join(' ')}\n`);
  });

  it.each(ROLES.map((r) => [r.name, r]))('%s: probes /readyz and /healthz on OKAPI_PORT', (_n, r) => {
    const c = container(r);
    const port = (name: string): number => c.ports.find((p: Obj) => p.name === name).containerPort;
    expect([c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual([
      ROLE_PROBES.readiness,
      ROLE_PROBES.liveness,
    ]);
    expect(String(port(c.readinessProbe.httpGet.port))).toBe(env(r).OKAPI_PORT);
    expect(String(port(c.livenessProbe.httpGet.port))).toBe(env(r).OKAPI_PORT);
  });

  it.each(ROLES.map((r) => [r.name, r]))('%s: gets the store URLs and variables it needs, and loads', (_n, r) => {
    const e = env(r);
    const missing = [...r.uses.map((u) => STORE_URL_VARIABLE[u]), ...r.requires].filter((n) => !e[n]);
    expect(missing).toEqual([]);
    expect(() => loadConfig(e)).not.toThrow();
  });

  it.each(ROLES.map((r) => [r.name, r]))('%s: singleton with Recreate, or replicas behind the HPA', (_n, r) => {
    const d = deployment(r);
    if (r.instances === 'one') {
      expect([d.spec.replicas, d.spec.strategy.type]).toEqual([1, 'Recreate']);
    } else {
      expect(d.spec.replicas).toBeUndefined();
      const hpa = find(objects, 'HorizontalPodAutoscaler', `okapi-${r.name}`);
      expect(hpa.spec.scaleTargetRef.name).toBe(`okapi-${r.name}`);
      if (overlay === 'prod') expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(ROLES.map((r) => [r.name, r]))('%s: state on a persistent volume exactly when it keeps some', (_n, r) => {
    const c = container(r);
    const mount = c.volumeMounts.find((m: Obj) => m.mountPath === env(r).OKAPI_DATA_DIR);
    const volume = deployment(r).spec.template.spec.volumes.find((v: Obj) => v.name === mount.name);
    expect(Boolean(volume.persistentVolumeClaim)).toBe(!r.state.startsWith('none'));
  });

  it('replicates the firehose stream on every NATS node', () => {
    const nats = find(objects, 'StatefulSet', 'nats').spec.replicas;
    for (const r of ROLES.filter((x) => x.uses.includes('bus'))) expect(Number(env(r).OKAPI_NATS_REPLICAS)).toBe(nats);
  });

  it('sets every variable the local cluster sets (it adds no OKAPI_ESDB_URL: SQLite, one writer)', () => {
    for (const r of ROLES) {
      const k8s = Object.keys(env(r));
      for (const instance of local.roles.filter((i) => i.role === r.name))
        expect({ role: r.name, missing: Object.keys(instance.env).filter((n) => !k8s.includes(n)) }).toEqual({
          role: r.name,
          missing: [],
        });
    }
  });
});

describe('scripts/cluster.sh runs the same topology', () => {
  it('runs every role once, the API twice, each with its command and readiness URL', () => {
    for (const r of ROLES) {
      const instances = local.roles.filter((i) => i.role === r.name);
      expect(instances.length).toBe(r.instances === 'one' ? 1 : 2);
      for (const i of instances) {
        expect(i.command).toEqual(r.command);
        expect(i.readyUrl).toBe(`${i.url}${ROLE_PROBES.readiness}`);
        expect(i.url).toBe(`http://127.0.0.1:${i.env.OKAPI_PORT}`);
        for (const u of r.uses.filter((x) => x !== 'eventStore')) expect(i.env[STORE_URL_VARIABLE[u]]).toBeTruthy();
      }
    }
  });

  it('starts the event store writer first and the API replicas last', () => {
    expect(ROLES.find((r) => r.name === local.roles[0].role)?.appends).toBe(true);
    expect(ROLES.filter((r) => r.appends)).toHaveLength(1);
    expect(local.roles.slice(-2).map((i) => i.role)).toEqual(['api', 'api']);
  });

  it('runs a 3-node NATS cluster with a 3-replica stream, on the default ports the README names', () => {
    expect(local.nats.map((n) => n.client)).toEqual([14222, 14223, 14224]);
    expect(local.nats.map((n) => n.route)).toEqual([16222, 16223, 16224]);
    for (const i of local.roles) expect(i.env.OKAPI_NATS_REPLICAS).toBe('3');
    expect(local.natsUrl.split(',')).toHaveLength(3);
  });
});
