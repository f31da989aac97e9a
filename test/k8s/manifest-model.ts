import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { K8sObject, renderKustomization } from './kustomize-lite';

/** Reading rendered manifests: rendering, workloads, the environment a container gets. */
export const K8S_DIR = join(__dirname, '../../deploy/k8s');

let hasKubectl: boolean | undefined;

export function kubectlAvailable(): boolean {
  hasKubectl ??= spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  return hasKubectl;
}

export function renderWithKubectl(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject)
    .filter(Boolean);
}

const rendered = new Map<string, K8sObject[]>();

/** `kubectl kustomize` when kubectl is installed, otherwise the built-in renderer (memoized). */
export function renderOverlay(overlay: string): K8sObject[] {
  const dir = join(K8S_DIR, 'overlays', overlay);
  if (!rendered.has(dir)) rendered.set(dir, kubectlAvailable() ? renderWithKubectl(dir) : renderKustomization(dir));
  return JSON.parse(JSON.stringify(rendered.get(dir))) as K8sObject[]; // each test may mutate its copy
}

export const objectKey = (o: K8sObject): string =>
  `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`;

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return o;
}

export interface Workload {
  readonly object: K8sObject;
  readonly podSpec: K8sObject;
  readonly podLabels: Record<string, string>;
}

/** Every object with a pod template (Deployment, StatefulSet, CronJob, Job). */
export function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects.flatMap((o) => {
    const template = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec?.template;
    return template ? [{ object: o, podSpec: template.spec, podLabels: template.metadata?.labels ?? {} }] : [];
  });
}

/** Workloads running the Okapi image (pod label app.kubernetes.io/name=okapi). */
export const okapiWorkloads = (objects: readonly K8sObject[]): Workload[] =>
  workloads(objects).filter((w) => w.podLabels['app.kubernetes.io/name'] === 'okapi');

/** The variables a container sees: envFrom ConfigMaps/Secrets, then `env` (which wins). */
export function containerEnv(objects: readonly K8sObject[], container: K8sObject): Partial<Record<string, string>> {
  const env: Partial<Record<string, string>> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, find(objects, 'ConfigMap', from.configMapRef.name).data ?? {});
    if (from.secretRef) Object.assign(env, secretData(find(objects, 'Secret', from.secretRef.name)));
  }
  for (const e of container.env ?? []) env[e.name] = e.value ?? `<${Object.keys(e.valueFrom ?? {})[0] ?? 'unset'}>`;
  return env;
}

export function secretData(secret: K8sObject): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries<string>(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
  return { ...decoded, ...(secret.stringData ?? {}) };
}

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Bytes of a Kubernetes quantity (`512Mi`, `2Ti`) or a NATS size (`90G`, `1536M`, binary in NATS). */
export function bytes(quantity: string | undefined, binaryPlainUnits = false): number {
  const m = /^(\d+(?:\.\d+)?)([kKMGT]i?)?$/.exec(String(quantity).trim());
  if (!m) throw new Error(`not a size: ${quantity}`);
  const unit = m.at(2) ?? '';
  const factor = binaryPlainUnits && unit.length === 1 ? UNITS[`${unit.toUpperCase()}i`] : UNITS[unit];
  return Number(m[1]) * factor;
}

/** CPU cores of a Kubernetes quantity (`250m`, `2`). */
export const cores = (quantity: string | number): number =>
  String(quantity).endsWith('m') ? Number(String(quantity).slice(0, -1)) / 1000 : Number(quantity);
