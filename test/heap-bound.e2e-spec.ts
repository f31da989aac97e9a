/**
 * bin/heap-bound.js as bin/okapi.js uses it, in real processes: `start` runs in a child node with
 * the heap flag (which does not start another), a signal sent to the launcher reaches the server
 * and the launcher exits with the server's code, and a launcher killed outright stops its server.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir, TempDir, waitFor } from '@okapi/testing';

const HEAP_BOUND = resolve(__dirname, '..', 'bin', 'heap-bound.js');

/** bin/okapi.js with a stand-in server: says its pid and execArgv; SIGTERM writes `stopped`, exits 7. */
const OKAPI = `
const { heapBoundFlag, runBounded, stopWithParent } = require(${JSON.stringify(HEAP_BOUND)});
const argv = process.argv.slice(2);
const flag = heapBoundFlag(argv, process.env, process.execArgv);
if (flag) runBounded(flag, __filename, argv);
else {
  stopWithParent(argv);
  process.on('SIGTERM', () => { require('node:fs').writeFileSync(argv[1], 'stopped'); process.exit(7); });
  process.stdout.write(JSON.stringify({ pid: process.pid, execArgv: process.execArgv }) + '\\n');
  setInterval(() => {}, 1000);
}
`;

let dir: TempDir;
let launcher: ChildProcess;
let server: { pid: number; execArgv: string[] };

beforeEach(async () => {
  dir = makeTempDir('okapi-heap-bound-');
  writeFileSync(join(dir.path, 'okapi.js'), OKAPI);
  launcher = spawn(process.execPath, [join(dir.path, 'okapi.js'), 'start', join(dir.path, 'stopped')], {
    env: { ...process.env, OKAPI_HEAP_MB: '256', NODE_OPTIONS: '' },
  });
  let out = '';
  launcher.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  const line = await waitFor(() => out.split('\n').find((l) => l.startsWith('{')), { message: 'the server line' });
  server = JSON.parse(line) as { pid: number; execArgv: string[] };
});

afterEach(() => {
  launcher.kill('SIGKILL');
  try {
    process.kill(server.pid, 'SIGKILL');
  } catch {
    // Stopped, as it should have.
  }
  dir.remove();
});

const exited = (p: ChildProcess): Promise<number | null> =>
  new Promise((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));

it("runs the server with the flag, passes SIGTERM on and exits with the server's code", async () => {
  expect(server.execArgv).toEqual(['--max-old-space-size=256']);
  expect(server.pid).not.toBe(launcher.pid);
  launcher.kill('SIGTERM');
  expect(await exited(launcher)).toBe(7);
  expect(readFileSync(join(dir.path, 'stopped'), 'utf8')).toBe('stopped');
});

it('stops the server as on SIGTERM when the launcher is killed outright', async () => {
  launcher.kill('SIGKILL');
  await exited(launcher);
  await waitFor(() => existsSync(join(dir.path, 'stopped')), { message: 'the server to stop' });
});
