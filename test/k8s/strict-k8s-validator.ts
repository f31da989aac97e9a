import { K8sObject } from './kustomize-lite';

/**
 * Validates a Kubernetes object against the JSON schema bundled in `kubernetes-models`, and also
 * rejects fields the schema does not know (the bundled validators accept them). The validators
 * are compiled ajv code that reads every property the schema defines and enumerates the keys of
 * free-form maps (labels, ConfigMap data), so a field the validator never read is unknown:
 * we hand it a Proxy that records every read.
 */
interface ModelClass {
  prototype: { validate(): void };
}

export function modelFor(apiVersion: string, kind: string): ModelClass {
  // Core objects (`v1`) live in kubernetes-models/v1, the others in kubernetes-models/{group}/{version}.
  const path = `kubernetes-models/${apiVersion}`;
  let group: Partial<Record<string, ModelClass>>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the kubernetes-models group module is chosen by the manifest's apiVersion at run time.
    group = require(path) as Partial<Record<string, ModelClass>>;
  } catch {
    throw new Error(`no kubernetes-models group for apiVersion ${apiVersion}`);
  }
  const model = group[kind];
  if (!model) throw new Error(`no kubernetes-models model for ${apiVersion} ${kind}`);
  return model;
}

/** Schema violations and unknown fields of one object, as `path: problem` lines (empty: valid). */
export function strictProblems(obj: K8sObject): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  const model = modelFor(obj.apiVersion, obj.kind);
  try {
    model.prototype.validate.call(recording(obj, '', seen));
  } catch (e) {
    problems.push(...(e as Error).message.split('\n').filter(Boolean));
  }
  for (const path of unreadPaths(obj, '', seen)) problems.push(`${path}: unknown field`);
  return problems;
}

function recording(value: unknown, path: string, seen: Set<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      seen.add(`${path}/${key}`);
      return recording(child, `${path}/${key}`, seen);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) if (typeof key === 'string') seen.add(`${path}/${key}`);
      return Reflect.ownKeys(target);
    },
  });
}

function unreadPaths(value: unknown, path: string, seen: Set<string>): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const p = `${path}/${key}`;
    return seen.has(p) ? unreadPaths(child, p, seen) : [p];
  });
}
