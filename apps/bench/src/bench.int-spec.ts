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
