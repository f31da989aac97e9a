import { join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';

/** The repository root: `.swcrc` there maps `@okapi/*` (jsc.paths) as tsconfig does. */
const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Require hooks do not cross into worker threads, so a worker that runs one of our TypeScript
 * modules installs one itself. Not @swc-node/register (what bin/okapi.js uses): it loads the
 * TypeScript compiler to read tsconfig, ~1 s per worker start on this machine; @swc/core with the
 * repository's .swcrc (the same options jest uses) starts in ~0.1 s. The body is evaluated from a
 * string, so it runs the same under the CLI, under jest, and from a build.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
const boot = workerData.__boot;
if (boot.module.endsWith('.ts') && !require.extensions['.ts']) {
  const fs = require('node:fs');
  const swc = require(boot.swc);
  const options = JSON.parse(fs.readFileSync(boot.swcrc, 'utf8'));
  delete options.$schema;
  options.jsc.baseUrl = boot.root;
  require.extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const out = swc.transformSync(source, { ...options, filename, swcrc: false, configFile: false });
    module._compile(out.code, filename);
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
  const boot = { module: modulePath, root: ROOT, swcrc: join(ROOT, '.swcrc'), swc: require.resolve('@swc/core') };
  return new Worker(BOOT, { eval: true, workerData: { ...workerData, __boot: boot }, resourceLimits });
}
