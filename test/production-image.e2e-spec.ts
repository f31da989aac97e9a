/**
 * What the production image holds loads: the image's file set (Dockerfile runtime stage minus
 * .dockerignore) copied into a fresh tree whose node_modules has only the packages
 * `npm ci --omit=dev` installs (linked from this checkout, resolved with --preserve-symlinks so a
 * package's own dependencies come from the tree as well), then the CLI run there. No tests, test
 * support, benchmarks or dev dependencies are in that tree, so a module that needed them fails here,
 * not in a pod.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeTempDir, productionFiles, productionPackages, TempDir } from '@okapi/testing';

const ROOT = resolve(__dirname, '..');
const FILES = productionFiles(ROOT);
/** Every front door a process of the image may load, Nest modules and workers included. */
const FRONT_DOORS = FILES.filter((f) => f.endsWith('/index.ts') && !f.startsWith('apps/console/'));

let image: TempDir;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, OKAPI_DATA_DIR: join(image.path, 'data'), SWC_NODE_PROJECT: '' };
  // Packages resolve their own dependencies inside this tree too, so a dev-only one is missing here as in the image.
  return spawnSync(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', ...args], {
    cwd: image.path,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

beforeAll(() => {
  image = makeTempDir('okapi-image-');
  for (const file of FILES) {
    mkdirSync(dirname(join(image.path, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(image.path, file));
  }
  for (const pkg of productionPackages(ROOT)) {
    if (pkg.indexOf('node_modules/', 1) !== -1) continue; // nested: comes with its parent
    mkdirSync(dirname(join(image.path, pkg)), { recursive: true });
    symlinkSync(join(ROOT, pkg), join(image.path, pkg), 'dir');
  }
});

afterAll(() => image.remove());

describe('the production image', () => {
  it('runs `okapi --help`, which loads every command', () => {
    const out = run(['bin/okapi.js', '--help']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    for (const command of ['start', 'api', 'ingest', 'projector', 'import-dump', 'bench'])
      expect(out.stdout).toContain(`\n  ${command}`);
  });

  it('loads every front door of its apps and libraries', () => {
    expect(FRONT_DOORS).toEqual(expect.arrayContaining(['apps/api/src/index.ts', 'libs/adapters/src/index.ts']));
    const script = [
      "process.env.SWC_NODE_PROJECT = require('node:path').resolve('tsconfig.json');",
      "require('@swc-node/register');",
      "require('reflect-metadata');",
      `for (const f of ${JSON.stringify(FRONT_DOORS)}) require(require('node:path').resolve(f));`,
    ].join('\n');
    const out = run(['-e', script]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('says that `okapi bench` is not part of it, and exits non-zero', () => {
    const out = run(['bin/okapi.js', 'bench', 'domain']);
    expect(out.stderr).toMatch(/benchmarks are not part of this installation.*npm run bench/);
    expect(out.status).toBe(1);
  });
});
