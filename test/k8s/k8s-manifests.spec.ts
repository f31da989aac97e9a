import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV_SPEC, EnvVarSpec, KNOWN_ENV_VARS, loadConfig } from '@okapi/adapters/config';
import { must } from '@okapi/domain';
import { renderKustomization } from './kustomize-lite';
import {
  bytes,
  containerEnv,
  cores,
  find,
  K8S_DIR,
  kubectlAvailable,
  objectKey,
  okapiWorkloads,
  renderOverlay,
  renderWithKubectl,
  secretData,
  workloads,
} from './manifest-model';
import { strictProblems } from './strict-k8s-validator';

/**
 * deploy/k8s must stay deployable and in step with the code: every rendered object is valid
 * Kubernetes (unknown fields rejected), every OKAPI_* variable is one the config validator knows
 * and the configuration each workload gets loads, and the stores' settings agree with each other.
 */
const ENTRYPOINT = join(__dirname, '../../docker/entrypoint.sh');
const DISTRIBUTED_URLS = [ENV_SPEC.esdbUrl.name, ENV_SPEC.clickhouseUrl.name, ENV_SPEC.natsUrl.name];
const MEDIAWIKI_MAX_REVISION_BYTES = 2 * 1024 * 1024;
const natsServerAvailable = (): boolean => spawnSync('nats-server', ['--version']).status === 0;

describe.each(['dev', 'prod'])('deploy/k8s/overlays/%s', (overlay) => {
  const objects = renderOverlay(overlay);
  const okapi = okapiWorkloads(objects);
  const okapiContainers = okapi.flatMap((w) => w.podSpec.containers.map((c: Record<string, any>) => ({ w, c })));

  it('renders the Okapi roles and their stores', () => {
    const names = workloads(objects)
      .map((w) => `${w.object.kind}/${w.object.metadata.name}`)
      .sort();
    expect(names).toEqual([
      'Deployment/okapi-api',
      'Deployment/okapi-ingest',
      'Deployment/okapi-projector',
      'Deployment/okapi-publisher',
      'Deployment/okapi-scheduler',
      'StatefulSet/clickhouse',
      'StatefulSet/esdb',
      'StatefulSet/nats',
    ]);
  });

  it('holds only objects valid against the Kubernetes schemas, unknown fields rejected', () => {
    const problems = objects.flatMap((o) => strictProblems(o).map((p) => `${objectKey(o)} ${p}`));
    expect(problems).toEqual([]);
  });

  it("sets only OKAPI_* variables the config validator knows, and each role's configuration loads", () => {
    for (const { w, c } of okapiContainers) {
      const env = containerEnv(objects, c);
      const unknown = Object.keys(env).filter((n) => n.startsWith('OKAPI_') && !KNOWN_ENV_VARS.includes(n));
      expect({ workload: w.object.metadata.name, unknown }).toEqual({ workload: w.object.metadata.name, unknown: [] });
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it('sets every required variable and the three distributed-mode URLs in every Okapi container', () => {
    const required = (Object.values(ENV_SPEC) as EnvVarSpec[]).filter((s) => s.required).map((s) => s.name);
    for (const { w, c } of okapiContainers) {
      const env = containerEnv(objects, c);
      const missing = [...required, ...DISTRIBUTED_URLS].filter((n) => !env[n]);
      expect({ workload: w.object.metadata.name, missing }).toEqual({ workload: w.object.metadata.name, missing: [] });
    }
  });

  it('runs every Okapi container as a role the image entrypoint knows', () => {
    for (const { c } of okapiContainers) {
      expect(c.command).toBeUndefined(); // the image's ENTRYPOINT does the mapping
      const run = spawnSync('sh', [ENTRYPOINT, '--dry-run', ...c.args], { encoding: 'utf8' });
      expect({ role: c.args[0], status: run.status, stderr: run.stderr }).toEqual({
        role: c.args[0],
        status: 0,
        stderr: '',
      });
    }
  });

  it('gives every container resource requests and limits, and every Okapi container a hardened context', () => {
    for (const w of workloads(objects)) {
      for (const c of w.podSpec.containers) {
        const r = c.resources ?? {};
        expect([
          w.object.metadata.name,
          r.requests?.cpu && r.requests?.memory && r.limits?.cpu && r.limits?.memory ? 'sized' : 'unsized',
        ]).toEqual([w.object.metadata.name, 'sized']);
        expect(cores(r.requests.cpu)).toBeLessThanOrEqual(cores(r.limits.cpu));
        expect(bytes(r.requests.memory)).toBeLessThanOrEqual(bytes(r.limits.memory));
      }
    }
    for (const { w, c } of okapiContainers) {
      expect(w.podSpec.securityContext.runAsNonRoot).toBe(true);
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });

  it('runs exactly one ingest, replaced with Recreate, with its checkpoint on a persistent volume', () => {
    const ingest = find(objects, 'Deployment', 'okapi-ingest');
    expect(ingest.spec.replicas).toBe(1);
    expect(ingest.spec.strategy).toEqual({ type: 'Recreate' });
    const volume = ingest.spec.template.spec.volumes.find((v: Record<string, any>) => v.name === 'data');
    expect(find(objects, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName).spec.accessModes).toEqual([
      'ReadWriteOnce',
    ]);
    const mount = ingest.spec.template.spec.containers[0].volumeMounts.find(
      (m: Record<string, any>) => m.name === 'data',
    );
    expect(mount.mountPath).toBe(containerEnv(objects, ingest.spec.template.spec.containers[0]).OKAPI_DATA_DIR);
  });

  it('probes the API on /readyz and /healthz at its port, scales it on CPU and bounds disruptions', () => {
    const api = find(objects, 'Deployment', 'okapi-api');
    const c = api.spec.template.spec.containers[0];
    const port = c.ports.find((p: Record<string, any>) => p.name === c.readinessProbe.httpGet.port).containerPort;
    expect([c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual(['/readyz', '/healthz']);
    expect(String(port)).toBe(containerEnv(objects, c).OKAPI_PORT);
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'okapi-api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'okapi-api' });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    expect(api.spec.replicas).toBeUndefined(); // the HPA owns it
    expect(find(objects, 'PodDisruptionBudget', 'okapi-api').spec.selector.matchLabels).toEqual(
      api.spec.selector.matchLabels,
    );
  });

  it("answers the Ingress hosts and the API Service's names (OKAPI_ALLOWED_HOSTS refuses other Hosts with 421)", () => {
    const api = find(objects, 'Deployment', 'okapi-api').spec.template.spec.containers[0];
    const allowed = loadConfig(containerEnv(objects, api)).allowedHosts ?? [];
    const hosts = objects
      .filter((o) => o.kind === 'Ingress')
      .flatMap((i) => i.spec.rules.map((r: Record<string, any>) => r.host as string));
    const namespace = find(objects, 'Deployment', 'okapi-api').metadata.namespace as string;
    for (const host of [...hosts, 'okapi-api', `okapi-api.${namespace}`, `okapi-api.${namespace}.svc.cluster.local`])
      expect({ host, allowed: allowed.includes(host) }).toEqual({ host, allowed: true });
  });

  it('exposes only the API: default-deny ingress, one Ingress to okapi-api, no external Services', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.find((p) => Object.keys(p.spec.podSelector).length === 0)?.spec.policyTypes).toEqual(['Ingress']);
    const open = policies.filter((p) => p.spec.ingress?.some((rule: Record<string, any>) => !rule.from));
    expect(open.map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component'])).toEqual(['api']);
    const ingresses = objects.filter((o) => o.kind === 'Ingress');
    const backends = ingresses.flatMap((i) =>
      i.spec.rules.flatMap((r: Record<string, any>) =>
        r.http.paths.map((p: Record<string, any>) => p.backend.service.name),
      ),
    );
    expect([...new Set(backends)]).toEqual(['okapi-api']);
    expect(ingresses[0].metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/proxy-buffering': 'off' });
    expect(
      Number(ingresses[0].metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']) * 1000,
    ).toBeGreaterThan(
      Number(
        containerEnv(objects, find(objects, 'Deployment', 'okapi-api').spec.template.spec.containers[0])
          .OKAPI_HEARTBEAT_MS ?? ENV_SPEC.heartbeatMs.default,
      ) * 4,
    );
    expect(objects.filter((o) => o.kind === 'Service' && ['LoadBalancer', 'NodePort'].includes(o.spec.type))).toEqual(
      [],
    );
  });

  it("configures EventStoreDB: cluster size = replicas, appends above MediaWiki's 2 MiB revisions", () => {
    const esdb = find(objects, 'StatefulSet', 'esdb');
    const env = containerEnv(objects, esdb.spec.template.spec.containers[0]);
    expect(Number(env.EVENTSTORE_CLUSTER_SIZE)).toBe(esdb.spec.replicas);
    expect(Number(env.EVENTSTORE_MAX_APPEND_SIZE)).toBeGreaterThan(MEDIAWIKI_MAX_REVISION_BYTES);
    expect(esdb.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBeDefined();
    expect(find(objects, 'Service', esdb.spec.serviceName).spec.clusterIP).toBe('None');
  });

  it('configures NATS: JetStream on the volume, routes to every replica, payloads above 2 MiB, retention that fits', () => {
    const nats = find(objects, 'StatefulSet', 'nats');
    const c = nats.spec.template.spec.containers[0];
    const configMap = find(
      objects,
      'ConfigMap',
      nats.spec.template.spec.volumes.find((v: Record<string, any>) => v.name === 'config').configMap.name,
    );
    const conf: string = configMap.data[c.args[c.args.indexOf('--config') + 1].replace('/etc/nats/', '')];
    const dataMount = c.volumeMounts.find((m: Record<string, any>) => m.name === 'data').mountPath;
    expect(conf).toMatch(new RegExp(`store_dir: ${dataMount}/`));
    const routes = [...conf.matchAll(/nats:\/\/(nats-\d+)\.nats-headless:6222/g)].map((m) => m[1]);
    expect(routes).toEqual(
      nats.spec.replicas > 1 ? Array.from({ length: nats.spec.replicas }, (_, i) => `nats-${i}`) : [],
    );
    expect(bytes(must(/max_payload: (\S+)/.exec(conf), 'max_payload')[1], true)).toBeGreaterThan(
      MEDIAWIKI_MAX_REVISION_BYTES,
    );
    const env = containerEnv(objects, c);
    const okapiEnv = containerEnv(
      objects,
      find(objects, 'Deployment', 'okapi-projector').spec.template.spec.containers[0],
    );
    expect(bytes(env.JS_MAX_FILE_STORE)).toBeGreaterThanOrEqual(
      Number(okapiEnv.OKAPI_STREAM_MAX_BYTES ?? ENV_SPEC.streamMaxBytes.default),
    );
    expect(bytes(env.JS_MAX_FILE_STORE, true)).toBeLessThan(
      bytes(nats.spec.volumeClaimTemplates[0].spec.resources.requests.storage),
    );
  });

  (natsServerAvailable() ? it : it.skip)('writes NATS configurations nats-server accepts (nats-server -t)', () => {
    const nats = find(objects, 'StatefulSet', 'nats');
    const env = { ...process.env, ...containerEnv(objects, nats.spec.template.spec.containers[0]), POD_NAME: 'nats-0' };
    const dir = mkdtempSync(join(tmpdir(), 'okapi-nats-conf-'));
    try {
      for (const [name, text] of Object.entries<string>(find(objects, 'ConfigMap', 'nats-config').data)) {
        writeFileSync(join(dir, name), text);
        const run = spawnSync('nats-server', ['-t', '-c', join(dir, name)], { encoding: 'utf8', env });
        expect({ name, status: run.status, stderr: run.stderr }).toEqual({
          name,
          status: 0,
          stderr: expect.stringContaining('is valid'),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives Okapi the ClickHouse password the server is configured with', () => {
    const url = new URL(secretData(find(objects, 'Secret', 'okapi-secrets')).OKAPI_CLICKHOUSE_URL);
    const creds = secretData(find(objects, 'Secret', 'clickhouse-credentials'));
    expect([decodeURIComponent(url.username), decodeURIComponent(url.password)]).toEqual([
      creds.username,
      creds.password,
    ]);
    const env = find(objects, 'StatefulSet', 'clickhouse').spec.template.spec.containers[0].env;
    expect(env.find((e: Record<string, any>) => e.name === 'CLICKHOUSE_DB').value).toBe(url.pathname.slice(1));
  });

  it('runs user SQL as a read-only ClickHouse user whose password Okapi has', () => {
    const okapiSecrets = secretData(find(objects, 'Secret', 'okapi-secrets'));
    const creds = secretData(find(objects, 'Secret', 'clickhouse-credentials'));
    expect(okapiSecrets.OKAPI_CLICKHOUSE_READONLY_PASSWORD).toBe(creds['readonly-password']);
    const db = new URL(okapiSecrets.OKAPI_CLICKHOUSE_URL).pathname.slice(1);
    const users: string = find(objects, 'ConfigMap', 'clickhouse-users').data['okapi-readonly.xml'];
    expect(users).toContain(`<${ENV_SPEC.clickhouseReadOnlyUser.default}>`);
    expect(users).toMatch(/<readonly>1<\/readonly>/);
    expect(users).toMatch(/<readonly><const\/><\/readonly>/);
    expect(users).toContain(`GRANT SELECT, SHOW TABLES, SHOW COLUMNS ON ${db}.*`);
    const pod = find(objects, 'StatefulSet', 'clickhouse').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual(
      expect.objectContaining({ mountPath: '/etc/clickhouse-server/users.d/okapi-readonly.xml' }),
    );
  });
});

describe('overlays differ where they should', () => {
  const replicas = (overlay: string, kind: string, name: string): number =>
    find(renderOverlay(overlay), kind, name).spec.replicas;

  it('dev runs everything once; prod replicates the stores and the API', () => {
    expect(['esdb', 'nats', 'clickhouse'].map((n) => replicas('dev', 'StatefulSet', n))).toEqual([1, 1, 1]);
    expect(['esdb', 'nats'].map((n) => replicas('prod', 'StatefulSet', n))).toEqual([3, 3]);
    expect(find(renderOverlay('prod'), 'HorizontalPodAutoscaler', 'okapi-api').spec.minReplicas).toBeGreaterThanOrEqual(
      3,
    );
    expect(find(renderOverlay('dev'), 'HorizontalPodAutoscaler', 'okapi-api').spec.minReplicas).toBe(1);
  });

  it('dev carries throwaway secrets; prod keeps the CHANGE_ME placeholders the entrypoint refuses', () => {
    expect(JSON.stringify(secretData(find(renderOverlay('dev'), 'Secret', 'okapi-secrets')))).not.toContain(
      'CHANGE_ME',
    );
    expect(secretData(find(renderOverlay('prod'), 'Secret', 'okapi-secrets')).OKAPI_JWT_SECRET).toContain('CHANGE_ME');
  });
});

(kubectlAvailable() ? it : it.skip)('kubectl kustomize and the built-in renderer produce the same objects', () => {
  for (const dir of ['base', 'overlays/dev', 'overlays/prod'].map((d) => join(K8S_DIR, d))) {
    const byKey = (list: Record<string, any>[]) => new Map(list.map((o) => [objectKey(o), o]));
    const lite = byKey(renderKustomization(dir));
    const real = byKey(renderWithKubectl(dir));
    expect([...lite.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [key, o] of lite) expect({ key, o }).toEqual({ key, o: real.get(key) });
  }
});
