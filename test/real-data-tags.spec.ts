/**
 * Real-data suites are tagged `// @real-data` so jest can leave them out, with one line, where
 * OKAPI_REAL_DATA_DIR is absent (libs/testing/src/real-data.ts). An untagged suite that reads real data
 * would crash there instead; a tagged one that does not would be skipped for nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MARKER_FOR_TESTS, realDataTestFiles } from '@okapi/testing';

const ROOT = resolve(__dirname, '..');
const READS_REAL_DATA =
  /\b(realDataPath|readRealText|readRealJson|readRealNdjson|realArticlesWithoutBody)(<[^()]*>)?\(/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/** The local module an import names (relative or an @okapi/adapters path), if any. */
function localModule(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('.')
    ? resolve(dirname(from), specifier)
    : specifier.startsWith('@okapi/adapters/')
      ? join(ROOT, 'libs/adapters/src', specifier.slice('@okapi/adapters/'.length))
      : undefined;
  return base && [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
}

/** True when the file, or a local module it imports (transitively), reads the real-data folder. */
function readsRealData(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file) || file.includes(`${join('test', 'support')}/`)) return false;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  if (READS_REAL_DATA.test(code)) return true;
  return [...code.matchAll(IMPORT)].some(([, spec]) => {
    const mod = localModule(file, spec);
    return mod !== undefined && readsRealData(mod, seen);
  });
}

describe('@real-data tags', () => {
  const tagged = realDataTestFiles();

  it('tag exactly the suites that read OKAPI_REAL_DATA_DIR (directly or through a fixture module)', () => {
    const tests = execFileSync(
      'git',
      ['ls-files', '-co', '--exclude-standard', '*.spec.ts', '*.int-spec.ts', '*.e2e-spec.ts'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .split('\n')
      .filter((f) => f && existsSync(join(ROOT, f)));
    const reading = tests.filter((f) => readsRealData(join(ROOT, f))).sort();
    expect(reading.length).toBeGreaterThan(30);
    expect(tagged).toEqual(reading);
  });

  it('is a line comment at the top of the file', () => {
    for (const f of tagged) expect(readFileSync(join(ROOT, f), 'utf8').split('\n')[0]).toMatch(MARKER_FOR_TESTS);
  });
});
