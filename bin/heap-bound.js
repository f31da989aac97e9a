'use strict';
// The heap bound of the long-running server (`okapi start`). V8 sizes its old generation from the
// machine: here 4 GiB, with which it lets the heap grow to up to 4x its live set between
// collections, and a server that never idles never gets the memory reducer's shrink. With the
// generator at 200 edits/s the main heap's committed size went 670 -> 1,025 MiB in 2 minutes over a
// live set of ~270 MiB (`okapi bench load --only soak`). A limit below 2 GiB also lowers V8's
// growing factor (down to 1.3-2x), so the footprint follows the live set.
//
// The flag must be on node's command line (V8 reads it once, at start), so bin/okapi.js runs the
// server in a child process started with it. Plain JavaScript, read before any TypeScript loads:
// the parent stays a bare Node process (~40 MB). OKAPI_HEAP_MB is validated and documented with
// every other variable in libs/adapters/src/config/env-config.ts; a value that is not a whole
// number is left to that validator, which stops the command with its usual message.
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

/** MiB of V8's old generation for `okapi start` (OKAPI_HEAP_MB; 0 leaves V8's own limit). */
const DEFAULT_HEAP_MB = 1024;

/** The commands that run until stopped: the ones whose footprint a bound keeps predictable. */
const BOUNDED_COMMANDS = new Set(['start']);

const HEAP_FLAG = /(^|\s)--max[-_](old[-_]space|heap)[-_]size\b/;

/**
 * The V8 flag to restart `argv` with, or undefined: not a bounded command, OKAPI_HEAP_MB=0, a
 * value the config validator will reject, a heap limit already given (node's own arguments or
 * NODE_OPTIONS: the user's choice wins, and the restarted child has it), or node --inspect.
 */
function heapBoundFlag(argv, env, execArgv) {
  if (!BOUNDED_COMMANDS.has(argv[0])) return undefined;
  const raw = env.OKAPI_HEAP_MB ?? String(DEFAULT_HEAP_MB);
  if (!/^\d+$/.test(raw) || Number(raw) === 0) return undefined;
  if (execArgv.some((a) => HEAP_FLAG.test(a)) || HEAP_FLAG.test(env.NODE_OPTIONS ?? '')) return undefined;
  // Under a debugger, the process being debugged is the server itself.
  if (execArgv.some((a) => /^--(inspect|debug)/.test(a))) return undefined;
  return `--max-old-space-size=${Number(raw)}`;
}

/**
 * Runs `script argv` in a child node with `flag` and stands in for it: exits as it exits, passes
 * on SIGINT, SIGTERM and SIGHUP. The child has its own process group, so a terminal's Ctrl-C
 * reaches it once (through here), not twice; and an IPC channel, whose end tells it to stop if
 * this process is killed outright (stopWithParent).
 */
function runBounded(flag, script, argv) {
  const child = spawn(process.execPath, [...process.execArgv, flag, script, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`okapi: could not start node: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
  });
}

/**
 * In a process started by runBounded: stop as on SIGTERM when the parent's end of the IPC channel
 * closes (the parent was killed with SIGKILL), so no server outlives the command that ran it. The
 * channel does not keep the process alive.
 */
function stopWithParent(argv) {
  if (!process.channel || !BOUNDED_COMMANDS.has(argv[0])) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

module.exports = { DEFAULT_HEAP_MB, heapBoundFlag, runBounded, stopWithParent };
