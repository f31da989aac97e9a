import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The repository's tsconfig: its `paths` resolve `@okapi/*` inside the worker as in the parent. */
const TSCONFIG = join(__dirname, '..', '..', '..', '..', 'tsconfig.json');

/**
 * Require hooks do not cross into worker threads, so a worker that runs one of our TypeScript
 * modules registers SWC's hook itself first (what bin/okapi.js does for the main thread). The body
 * is evaluated from a string, so it runs the same under the CLI, under jest, and from a build.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
const boot = workerData.__boot;
if (boot.module.endsWith('.ts')) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || boot.tsconfig;
  require(boot.register);
}
require(boot.module);
`;

/**
 * Starts a worker thread running `modulePath` (absolute, .ts or .js). The module reads its input
 * from `workerData` and talks through `parentPort`, as any worker does.
 */
export function startModuleWorker(modulePath: string, workerData: Record<string, unknown>): Worker {
  const boot = { module: modulePath, tsconfig: TSCONFIG, register: require.resolve('@swc-node/register') };
  return new Worker(BOOT, { eval: true, workerData: { ...workerData, __boot: boot } });
}
