import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyJson6902, renderKustomization } from './kustomize-lite';
import { strictProblems } from './strict-k8s-validator';

const aDeployment = (container: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'okapi', ...container }] },
    },
  },
});

describe('strict Kubernetes validation', () => {
  it('accepts a valid object, free-form maps included', () => {
    expect(
      strictProblems({
        ...aDeployment(),
        metadata: { name: 'web', labels: { anything: 'goes' }, annotations: { 'x/y': 'z' } },
      }),
    ).toEqual([]);
  });

  it('rejects a field the schema does not define, naming its path', () => {
    expect(strictProblems(aDeployment({ imagee: 'typo' }))).toEqual([
      '/spec/template/spec/containers/0/imagee: unknown field',
    ]);
  });

  it('rejects schema violations the bundled validator reports', () => {
    const bad = aDeployment();
    (bad.spec as Record<string, unknown>).replicas = 'three';
    expect(strictProblems(bad).join('\n')).toMatch(/replicas must be integer/);
  });

  it('names objects it has no model for', () => {
    expect(() => strictProblems({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } })).toThrow(
      /no kubernetes-models group for apiVersion example.org\/v1/,
    );
  });
});

describe('kustomize-lite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okapi-kustomize-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);

  it('applies JSON6902 add, replace and remove, appending with "-"', () => {
    const out = applyJson6902(aDeployment(), [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'sidecar', image: 'x' } },
      { op: 'add', path: '/metadata/labels', value: { 'a~b/c': '1' } },
      { op: 'remove', path: '/spec/selector' },
    ]);
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['web', 'sidecar']);
    expect(out.spec.selector).toBeUndefined();
    expect(aDeployment().spec.replicas).toBe(1);
  });

  it('refuses to replace a path that does not exist', () => {
    expect(() =>
      applyJson6902(aDeployment(), [{ op: 'replace', path: '/spec/strategy/type', value: 'Recreate' }]),
    ).toThrow(/replace \/spec\/strategy\/type: no such path/);
  });

  it('renders resources, namespace, labels, images and patches', () => {
    write('web.yaml', JSON.stringify(aDeployment()));
    write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    write(
      'kustomization.yaml',
      [
        'resources: [web.yaml, ns.yaml]',
        'namespace: shop',
        'labels: [{pairs: {team: a}}]',
        'images: [{name: okapi, newName: reg/okapi, newTag: "1.2"}]',
        'patches:',
        '  - target: {kind: Deployment, name: web}',
        '    patch: "[{op: replace, path: /spec/replicas, value: 2}]"',
      ].join('\n'),
    );
    const [web, ns] = renderKustomization(dir);
    expect(web.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { team: 'a' } });
    expect(web.spec.replicas).toBe(2);
    expect(web.spec.template.spec.containers[0].image).toBe('reg/okapi:1.2');
    expect(web.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(ns.metadata).toEqual({ name: 'shop', labels: { team: 'a' } }); // cluster-scoped: no namespace
  });

  it('refuses kustomize features it does not implement, by name', () => {
    write('kustomization.yaml', 'resources: []\nconfigMapGenerator: [{name: x, literals: [a=b]}]\n');
    expect(() => renderKustomization(dir)).toThrow(/does not implement configMapGenerator/);
  });
});
