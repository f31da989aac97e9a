import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** A bench process that spawns a long-running command in its temp dir, then exits as a deadline does. */
const SCRIPT = `
process.env.SWC_NODE_PROJECT = ${JSON.stringify(join(ROOT, 'tsconfig.json'))};
require('@swc-node/register');
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { inTempDir, killOnExit } = require(${JSON.stringify(join(__dirname, 'bench.ts'))});
inTempDir('okapi-bench-exit-', async (dir) => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  killOnExit(child);
  writeFileSync(join(dir, 'data'), 'x');
  process.stdout.write(JSON.stringify({ dir, pid: child.pid }));
  setTimeout(() => process.exit(3), 200);
  await new Promise(() => undefined);
});
`;

/** Gone, or a zombie waiting for whoever adopted it to reap it. */
function dead(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
  } catch {
    return true;
  }
}

describe('a bench that exits past its deadline (process.exit, no unwinding)', () => {
  it('kills the commands it spawned and removes its temporary directory', async () => {
    const run = spawnSync(process.execPath, ['-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(3);
    const { dir, pid } = JSON.parse(run.stdout) as { dir: string; pid: number };
    expect(existsSync(dir)).toBe(false);
    for (let i = 0; i < 50 && !dead(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(dead(pid)).toBe(true);
  }, 90_000);
});

/**
 * A process running `runBenchList` over one tiny fake benchmark (`mode`): the runner's exit
 * code, its output, and the pid of a child the fake spawned without registering it anywhere.
 */
const RUNNER = (mode: string): string => `
process.env.SWC_NODE_PROJECT = ${JSON.stringify(join(ROOT, 'tsconfig.json'))};
require('@swc-node/register');
const { spawn } = require('node:child_process');
const { runBenchList } = require(${JSON.stringify(join(__dirname, 'run-benches.ts'))});
const mode = ${JSON.stringify(mode)};
const fake = {
  name: 'fake-' + mode,
  summary: 'a fake benchmark',
  deadlineS: mode === 'hang' ? 1 : 60,
  async run() {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    process.stdout.write('child ' + child.pid + '\\n');
    if (mode === 'throw') throw new Error('fake failure');
    if (mode === 'hang') return new Promise(() => undefined);
    child.kill();
    return { figure: 1, goal_met: mode === 'pass' };
  },
};
const io = { stdout: process.stdout, stderr: process.stderr, interactive: false };
runBenchList([fake], { command: 'bench', positionals: [], flags: {} }, { config: {}, io, stopSignal: new AbortController().signal })
  .then((code) => { process.exitCode = code; });
`;

function runFake(mode: string): { status: number | null; stdout: string; stderr: string; child: number } {
  const run = spawnSync(process.execPath, ['-e', RUNNER(mode)], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const child = Number(/child (\d+)/.exec(run.stdout)?.[1]);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, child };
}

async function eventuallyDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && !dead(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return dead(pid);
}

describe('okapi bench runner (tiny fake benchmarks)', () => {
  it('exits 0 when every goal is met', () => {
    const run = runFake('pass');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"goal_met":true');
  }, 60_000);

  it('exits 1 when a goal is missed, naming it', () => {
    const run = runFake('miss');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('fake-miss.goal_met missed');
  }, 60_000);

  it('exits 1 when a benchmark throws, and kills what it left running', async () => {
    const run = runFake('throw');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('fake-throw failed: fake failure');
    expect(await eventuallyDead(run.child)).toBe(true);
  }, 60_000);

  it('stops a benchmark past its deadline with a non-zero exit and no orphan child', async () => {
    const run = runFake('hang');
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('fake-hang did not finish within its deadline of 1 s');
    expect(await eventuallyDead(run.child)).toBe(true);
  }, 60_000);
});
