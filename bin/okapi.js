#!/usr/bin/env node
'use strict';
// The `okapi` command. Runs the TypeScript sources through SWC's require hook (type-checking
// happens in `npm test`), so a fresh clone works right after `npm ci` with no build step.
const path = require('node:path');
const { heapBoundFlag, runBounded, stopWithParent } = require('./heap-bound.js');

const argv = process.argv.slice(2);
// `okapi start` runs in a child node with a bounded heap (heap-bound.js, OKAPI_HEAP_MB).
const flag = heapBoundFlag(argv, process.env, process.execArgv);
if (flag) runBounded(flag, __filename, argv);
else run();

function run() {
  stopWithParent(argv);
  const root = path.resolve(__dirname, '..');
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(path.join(root, 'apps/cli/src/main.ts'))
    .main(argv)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((err) => {
      process.stderr.write(`okapi: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
