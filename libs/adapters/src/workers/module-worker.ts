import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';

/** The repository root: `.swcrc` there maps `@okapi/*` (jsc.paths) as tsconfig does. */
const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Require hooks do not cross into worker threads, so a worker that runs one of our TypeScript
 * modules installs one itself. Not @swc-node/register (what bin/okapi.js uses): it loads the
 * TypeScript compiler to read tsconfig, ~1 s per worker start on this machine; @swc/core with the
 * repository's .swcrc (the same options jest uses) starts in ~0.1 s. What it compiles is kept in
 * node_modules/.cache/okapi-swc, by a hash of the source, the options and swc's version: a third
 * of a worker's start was compiling ~55 modules again (~65 ms of CPU, per import of a dump). The
 * body is evaluated from a string, so it runs the same under the CLI, under jest, and from a build.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
const boot = workerData.__boot;
if (boot.module.endsWith('.ts') && !require.extensions['.ts']) {
  const fs = require('node:fs');
  const options = JSON.parse(fs.readFileSync(boot.swcrc, 'utf8'));
  delete options.$schema;
  options.jsc.baseUrl = boot.root;
  const { createHash } = require('node:crypto');
  const { join } = require('node:path');
  const salt = boot.swcVersion + JSON.stringify(options);
  const compiled = (source, filename) => {
    const key = createHash('sha1').update(salt).update(filename).update(source).digest('hex');
    const file = join(boot.cache, key + '.js');
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {}
    // swc itself is loaded only for a module not compiled before (its binding takes a while too).
    const code = require(boot.swc).transformSync(source, { ...options, filename, swcrc: false, configFile: false }).code;
    try {
      // Written whole, then renamed: another worker starting now reads all of it or none.
      fs.mkdirSync(boot.cache, { recursive: true });
      const part = file + '.' + process.pid + '-' + require('node:worker_threads').threadId;
      fs.writeFileSync(part, code);
      fs.renameSync(part, file);
    } catch {} // a read-only tree: compile every time, as before
    return code;
  };
  require.extensions['.ts'] = (module, filename) => {
    module._compile(compiled(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}
require(boot.module);
`;

/**
 * Starts a worker thread running `modulePath` (absolute, .ts or .js). The module reads its input
 * from `workerData` and talks through `parentPort`, as any worker does. `resourceLimits` sizes its
 * heap (default: V8's defaults).
 */
export function startModuleWorker(
  modulePath: string,
  workerData: Record<string, unknown>,
  resourceLimits?: ResourceLimits,
): Worker {
  const boot = {
    module: modulePath,
    root: ROOT,
    swcrc: join(ROOT, '.swcrc'),
    swc: require.resolve('@swc/core'),
    swcVersion: swcVersion(),
    cache: join(ROOT, 'node_modules', '.cache', 'okapi-swc'),
  };
  return new Worker(BOOT, { eval: true, workerData: { ...workerData, __boot: boot }, resourceLimits });
}

/** @swc/core's version, a part of the compile cache's key. */
function swcVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('@swc/core/package.json'), 'utf8')) as { version: string }).version;
}
