import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * A small kustomize, enough for deploy/k8s: `resources` (files and kustomization directories),
 * `namespace`, `labels` (metadata only), `images`, and JSON6902 `patches` with a kind+name
 * target. CI machines may lack kubectl; anything else in a kustomization is refused by name, so
 * the manifests cannot grow a feature this renderer would silently skip. When kubectl exists,
 * k8s-manifests.spec.ts checks both renderers produce the same objects.
 */
export type K8sObject = Record<string, any>;

interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { target?: { kind?: string; name?: string }; patch?: string; path?: string }[];
}

const KNOWN_KEYS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'patches']);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
]);

export function renderKustomization(dir: string): K8sObject[] {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization']
    .map((f) => join(dir, f))
    .find((f) => existsSync(f));
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unknown = Object.keys(k).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length) throw new Error(`${file}: kustomize-lite does not implement ${unknown.join(', ')}`);
  let objects = (k.resources ?? []).flatMap((r) => loadResource(resolve(dir, r)));
  for (const p of k.patches ?? [])
    objects = objects.map((o) => (matches(o, p.target, file) ? applyJson6902(o, patchOps(p, dir, file), file) : o));
  if (k.namespace) for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  for (const l of k.labels ?? []) {
    if (l.includeSelectors || l.includeTemplates)
      throw new Error(`${file}: kustomize-lite implements labels on metadata only`);
    for (const o of objects) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...l.pairs };
  }
  for (const image of k.images ?? []) for (const o of objects) setImages(o, image);
  return objects;
}

function loadResource(path: string): K8sObject[] {
  if (statSync(path).isDirectory()) return renderKustomization(path);
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new Error(`${path}: ${d.errors[0].message}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

function matches(o: K8sObject, target: { kind?: string; name?: string } | undefined, file: string): boolean {
  if (!target?.kind || !target.name) throw new Error(`${file}: kustomize-lite needs patches with target kind and name`);
  return o.kind === target.kind && o.metadata?.name === target.name;
}

interface PatchOp {
  /** As the patch file says: add, replace or remove are implemented, anything else is refused when applied. */
  op: string;
  path: string;
  value?: unknown;
}

function patchOps(p: { patch?: string; path?: string }, dir: string, file: string): PatchOp[] {
  const text = p.patch ?? (p.path ? readFileSync(resolve(dir, p.path), 'utf8') : undefined);
  const ops = text === undefined ? undefined : parse(text);
  if (!Array.isArray(ops)) throw new Error(`${file}: kustomize-lite implements JSON6902 patches (a list of ops) only`);
  return ops as PatchOp[];
}

/** RFC 6902 add/replace/remove on a copy of the object. */
export function applyJson6902(obj: K8sObject, ops: readonly PatchOp[], where = 'patch'): K8sObject {
  const out = structuredClone(obj);
  for (const { op, path, value } of ops) {
    const keys = path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new Error(`${where}: cannot ${op} the whole object`);
    let parent: any = out;
    for (const key of keys) {
      parent = parent?.[Array.isArray(parent) ? Number(key) : key];
      if (parent === undefined || parent === null) throw new Error(`${where}: ${op} ${path}: no such path`);
    }
    const exists = Array.isArray(parent) ? Number(last) < parent.length : last in parent;
    if (op !== 'add' && !exists) throw new Error(`${where}: ${op} ${path}: no such path`);
    if (op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- JSON Patch `remove`: the member the path names goes from the parsed manifest.
      else delete parent[last];
    } else if (op === 'add' && Array.isArray(parent)) {
      parent.splice(last === '-' ? parent.length : Number(last), 0, structuredClone(value));
    } else if (op === 'add' || op === 'replace') {
      parent[Array.isArray(parent) ? Number(last) : last] = structuredClone(value);
    } else {
      throw new Error(`${where}: kustomize-lite does not implement op "${op}"`);
    }
  }
  return out;
}

/** kustomize `images`: rewrites every container image whose name (before tag/digest) matches. */
function setImages(node: unknown, image: { name: string; newName?: string; newTag?: string; digest?: string }): void {
  if (Array.isArray(node)) return node.forEach((n) => setImages(n, image));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const c of value as { image?: string }[]) {
        const m = c.image ? /^(.*?)(?::([^:/@]+))?(?:@(.+))?$/.exec(c.image) : null;
        if (!m || m[1] !== image.name) continue;
        const name = image.newName ?? m[1];
        c.image = image.digest
          ? `${name}@${image.digest}`
          : `${name}${(image.newTag ?? m[2]) ? `:${image.newTag ?? m[2]}` : ''}`;
      }
    } else {
      setImages(value, image);
    }
  }
}
