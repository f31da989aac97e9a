import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The image installs production dependencies only (`npm ci --omit=dev`). Load everything the
 * roles load (every CLI command, the API app, every role's workers) in a fresh Node process and check
 * that no package it pulled in is one npm would omit: a dev-only import fails here, not in a pod.
 */
const ROOT = resolve(__dirname, '../..');
/** Loaded inside try/catch when present (`debug` probes for colour support); absent is fine. */
const OPTIONAL_PROBES = ['supports-color', 'has-flag'];

const LOADER = `
  require('reflect-metadata');
  const { readdirSync } = require('node:fs');
  const dir = ${JSON.stringify(`${ROOT}/apps/cli/src/commands`)};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.command.ts'))) require(dir + '/' + f);
  require(${JSON.stringify(`${ROOT}/apps/cli/src/main.ts`)});
  require(${JSON.stringify(`${ROOT}/apps/api/src/create-api-app.ts`)});
  require(${JSON.stringify(`${ROOT}/apps/cli/src/roles/role-workers.ts`)});
  process.stdout.write(JSON.stringify(Object.keys(require.cache)));
`;

function packageOf(file: string): string | undefined {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(file.indexOf('/node_modules/')));
  return file.includes('/node_modules/') ? m?.[1] : undefined;
}

describe('container image dependencies', () => {
  it('loads every role with production dependencies only', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', LOADER], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SWC_NODE_PROJECT: `${ROOT}/tsconfig.json` },
      maxBuffer: 64 << 20,
    });
    expect(run.stderr).toBe('');
    const packages = [...new Set((JSON.parse(run.stdout) as string[]).map(packageOf).filter((p): p is string => !!p))];
    const lock = JSON.parse(readFileSync(`${ROOT}/package-lock.json`, 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    expect(packages).toEqual(expect.arrayContaining(['@nestjs/core', '@swc-node/register']));
    expect(packages.filter((p) => lock.packages[`node_modules/${p}`]?.dev && !OPTIONAL_PROBES.includes(p))).toEqual([]);
  });
});
