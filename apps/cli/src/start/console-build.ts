import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONSOLE_DIST_DIR } from '@okapi/api';

const ROOT = join(__dirname, '..', '..', '..', '..');
export const CONSOLE_SOURCE_DIR = join(ROOT, 'apps', 'console');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const STAMP = '.source-hash';
/** Front-end packages whose version is part of the build's identity. */
const TOOLCHAIN = ['vite', 'preact', 'uplot', 'eventsource-parser'];

export type ConsoleBuild = 'fresh' | 'built' | 'unavailable' | 'failed';

export interface ConsoleBuildOptions {
  readonly source?: string;
  readonly dist?: string;
  /** Build even when the stamp matches. */
  readonly force?: boolean;
  readonly log: (line: string) => void;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(path);
    return /[.-]spec\.ts$/.test(e.name) ? [] : [path];
  });
}

/** Identity of a build: every source file (path and bytes) and the toolchain's versions. */
export function consoleSourceHash(source = CONSOLE_SOURCE_DIR): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(source).sort()) {
    hash.update(`${relative(source, file)}\0`);
    hash.update(readFileSync(file));
  }
  type Deps = Partial<Record<string, string>>;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies?: Deps;
    dependencies?: Deps;
  };
  for (const name of TOOLCHAIN)
    hash.update(`${name}@${pkg.devDependencies?.[name] ?? pkg.dependencies?.[name] ?? '?'}\0`);
  return hash.digest('hex');
}

function stampOf(dist: string): string | undefined {
  try {
    return readFileSync(join(dist, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function runVite(source: string, outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [VITE, 'build', source, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Builds the console into dist/console when the output is missing or was built from other
 * sources (`npm ci && npm start` is all a user runs; nothing generated is committed). The build
 * goes to a private directory first and replaces the old one by rename, so a server never reads a
 * half-written build and two starts building at once both end with a whole one. Never throws: the
 * API runs without its console.
 */
export async function ensureConsoleBuilt(options: ConsoleBuildOptions): Promise<ConsoleBuild> {
  const source = options.source ?? CONSOLE_SOURCE_DIR;
  const dist = options.dist ?? CONSOLE_DIST_DIR;
  const hash = consoleSourceHash(source);
  if (!options.force && stampOf(dist) === hash) return 'fresh';
  if (!existsSync(VITE)) {
    options.log(
      existsSync(join(dist, 'index.html'))
        ? 'console: sources changed but Vite is not installed (npm ci without dev dependencies?); serving the previous build'
        : 'console: not built and Vite is not installed (npm ci without dev dependencies?); `/` explains how to build it',
    );
    return 'unavailable';
  }
  const tmp = `${dist}.tmp-${process.pid}-${Date.now()}`;
  const started = Date.now();
  try {
    const { code, output } = await runVite(source, tmp);
    if (code !== 0) {
      options.log(`console: build failed (vite exit ${code}):\n${output.trim()}`);
      return 'failed';
    }
    writeFileSync(join(tmp, STAMP), hash);
    swapIn(tmp, dist);
    options.log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 'built';
  } catch (e) {
    options.log(`console: build failed: ${(e as Error).message}`);
    return 'failed';
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function swapIn(tmp: string, dist: string): void {
  const old = `${dist}.old-${process.pid}-${Date.now()}`;
  try {
    renameSync(dist, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  try {
    renameSync(tmp, dist);
  } catch (e) {
    // Another start swapped its (identical) build in between: keep that one.
    if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
