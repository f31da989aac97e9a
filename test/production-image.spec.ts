/**
 * The production image (Dockerfile, runtime stage) holds no tests, test support or benchmarks, and
 * everything it holds can load: every module a file there imports is in the image too, or is a
 * package `npm ci --omit=dev` installs. test/production-image.e2e-spec.ts runs the CLI in such a tree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, resolve } from 'node:path';
import { loadedImportsOf, productionFiles, productionPackages } from '@okapi/testing';

const ROOT = resolve(__dirname, '..');
const FILES = productionFiles(ROOT);
const IN_IMAGE = new Set(FILES);
const PACKAGES = productionPackages(ROOT);
/** Browser code: the console stage builds it with Vite; in the image `okapi start` only hashes it. */
const NOT_LOADED_BY_NODE = /^apps\/console\//;
/** Imports that need a file the image leaves out, each guarded where it is made. */
const GUARDED = new Set([
  // `okapi bench` loads the benchmarks only when apps/bench is there, and says so when not (e2e spec).
  'apps/cli/src/commands/bench.command.ts @okapi/bench',
]);
const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.json', '/index.ts', '/index.js'];

const TEST_OR_BENCH = [
  /^test\//,
  /^libs\/testing\//,
  /^apps\/bench\//,
  /(^|\/)testing\//,
  /\.(spec|int-spec|e2e-spec|conformance-spec)\.tsx?$/,
  /\.(fixture|builders|contract)\.ts$/,
];

const paths = (
  JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  }
).compilerOptions.paths;

/** The repo file an `@okapi/...` specifier names (tsconfig paths), undefined for an unknown one. */
function aliasTarget(specifier: string): string | undefined {
  for (const [key, [target]] of Object.entries(paths)) {
    if (key === specifier) return target;
    if (key.endsWith('/*') && specifier.startsWith(key.slice(0, -1)))
      return target.replace('*', specifier.slice(key.length - 1));
  }
  return undefined;
}

function inImage(path: string): boolean {
  return EXTENSIONS.some((ext) => IN_IMAGE.has(path + ext));
}

/** Why `specifier`, imported by `file`, would not load in the image; undefined when it would. */
export function missingInImage(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = posix.join(posix.dirname(file), specifier);
    return inImage(target) ? undefined : `${target} is not in the image`;
  }
  if (specifier.startsWith('@okapi/')) {
    const target = aliasTarget(specifier);
    if (!target) return 'no such front door (tsconfig paths)';
    return inImage(target.replace(/\.ts$/, '')) ? undefined : `${target} is not in the image`;
  }
  const name = specifier.startsWith('node:')
    ? specifier
    : specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
  if (name.startsWith('node:') || builtinModules.includes(name)) return undefined;
  return PACKAGES.has(`node_modules/${name}`) ? undefined : `package ${name} is not installed by npm ci --omit=dev`;
}

describe('the production image', () => {
  it('is the Dockerfile runtime stage minus .dockerignore (sanity: the CLI and the libraries are there)', () => {
    expect(FILES).toEqual(expect.arrayContaining(['bin/okapi.js', 'apps/cli/src/main.ts', 'libs/domain/src/index.ts']));
    expect(FILES.every((f) => existsSync(join(ROOT, f)))).toBe(true);
  });

  it('holds no tests, test support or benchmarks', () => {
    expect(FILES.filter((f) => TEST_OR_BENCH.some((re) => re.test(f)))).toEqual([]);
  });

  it('holds every module its code loads, or a production dependency that provides it', () => {
    const code = FILES.filter((f) => /\.(ts|js)$/.test(f) && !NOT_LOADED_BY_NODE.test(f));
    expect(code.length).toBeGreaterThan(200);
    const missing = code.flatMap((file) =>
      loadedImportsOf(readFileSync(join(ROOT, file), 'utf8')).flatMap(({ specifier, line }) => {
        const why = GUARDED.has(`${file} ${specifier}`) ? undefined : missingInImage(file, specifier);
        return why ? [`${file}:${line}: '${specifier}': ${why}`] : [];
      }),
    );
    expect(missing).toEqual([]);
  });

  describe('the check itself', () => {
    it('flags test support, benchmarks, dev dependencies and files the image leaves out', () => {
      const file = 'apps/cli/src/commands/x.command.ts';
      expect(missingInImage(file, '@okapi/testing')).toMatch(/not in the image/);
      expect(missingInImage(file, '@okapi/bench')).toMatch(/not in the image/);
      expect(missingInImage(file, 'autocannon')).toMatch(/not installed/);
      expect(missingInImage(file, '../../../api/src/core/testing/faults.module')).toMatch(/not in the image/);
      expect(missingInImage(file, '@okapi/adapters/clickhouse')).toBeUndefined();
      expect(missingInImage(file, '../cli-args')).toBeUndefined();
      expect(missingInImage(file, '@nestjs/common')).toBeUndefined();
      expect(missingInImage(file, 'node:fs')).toBeUndefined();
    });

    it('skips imports the compiler erases', () => {
      const src =
        "import type { Page } from 'playwright-core';\nexport type { X } from 'vite';\nimport { y } from 'yaml';";
      expect(loadedImportsOf(src).map((i) => i.specifier)).toEqual(['yaml']);
      expect(loadedImportsOf("const a = f('from', 'x');\nconst b = require('y');").map((i) => i.specifier)).toEqual([
        'y',
      ]);
    });
  });
});
