import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * File names (docs/STYLE.md "Naming"): kebab-case, at most one role suffix, and that suffix from
 * the fixed set below; a test tier (`.spec`, `.int-spec`, `.e2e-spec`, `.conformance-spec`) may
 * follow it. Anything else gets a plain name (`article-batch-plan.ts`, not `article-batch.plan.ts`).
 * apps/console (the browser app, built by Vite) keeps its own conventions.
 */
const ROOT = resolve(__dirname, '..');

export const FILE_ROLES = {
  domain: ['commands', 'events', 'decider', 'state', 'port'],
  adapters: [
    'store',
    'client',
    'source',
    'worker',
    'server',
    'parser',
    'mapper',
    'projection',
    'rows',
    'metrics',
    'errors',
  ],
  nest: ['module', 'controller', 'service', 'dto', 'guard', 'filter', 'pipe', 'middleware', 'decorator'],
  cli: ['command', 'bench', 'child'],
  tests: ['fixture', 'builders', 'contract'],
} as const;
const ROLES = new Set<string>(Object.values(FILE_ROLES).flat());
const TIER = /\.(spec|int-spec|e2e-spec|conformance-spec)$/;

/** Why a file name breaks the rule, or undefined. */
export function fileNameProblem(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.endsWith('.d.ts')) return undefined;
  const stem = base.replace(/\.tsx?$/, '').replace(TIER, '');
  const [name, ...roles] = stem.split('.');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) return `${path}: "${name}" is not kebab-case`;
  if (roles.length > 1) return `${path}: more than one role suffix (.${roles.join('.')})`;
  if (roles.length === 1 && !ROLES.has(roles[0])) return `${path}: ".${roles[0]}" is not a file role (docs/STYLE.md)`;
  return undefined;
}

describe('file names', () => {
  it('carry at most one role suffix, from the fixed set', () => {
    const files = execFileSync(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', 'apps', 'libs', 'test', 'scripts'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter((f) => /\.tsx?$/.test(f) && !f.startsWith('apps/console/'));
    expect(files.length).toBeGreaterThan(300);
    expect(files.map(fileNameProblem).filter(Boolean)).toEqual([]);
  });

  it('the check flags one-off roles, stacked roles and non-kebab names', () => {
    expect(fileNameProblem('libs/x/article-batch.plan.ts')).toMatch(/\.plan" is not a file role/);
    expect(fileNameProblem('libs/x/a.store.cache.ts')).toMatch(/more than one/);
    expect(fileNameProblem('libs/x/pageDecider.ts')).toMatch(/not kebab-case/);
    expect(fileNameProblem('libs/x/page.decider.spec.ts')).toBeUndefined();
    expect(fileNameProblem('apps/cli/src/commands/batch.command.e2e-spec.ts')).toBeUndefined();
    expect(fileNameProblem('libs/x/article-batch-plan.ts')).toBeUndefined();
  });
});
