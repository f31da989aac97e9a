import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MODULE = join(__dirname, 'request-scope.ts');

/** Runs `body` in a fresh Node process with request-scope.ts loaded as `rs`. */
function run(body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `const rs = require(${JSON.stringify(MODULE)});\n${body}`;
  const out = spawnSync('node', ['-r', '@swc-node/register', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const SETUP = `
const req = { url: '/x' }, res = { destroy() {} };
rs.containRequestFaults((e, s) => console.log('contained', e.message, s.req.url));
`;

describe('request scope', () => {
  it("turns a request's uncaught exceptions and rejections into that request's fault; the process goes on", () => {
    const out = run(`${SETUP}
rs.runInRequestScope(req, res, () => {
  setTimeout(() => { throw new Error('timer'); }, 1);
  void Promise.reject(new Error('rejection'));
});
setTimeout(() => console.log('alive'), 50);`);
    expect(out.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'alive',
      'contained rejection /x',
      'contained timer /x',
    ]);
    expect(out.status).toBe(0);
  });

  it('keeps Node behaviour for a fault outside any request: stack on stderr, exit 1', () => {
    const out = run(`${SETUP}
rs.runInRequestScope(req, res, () => rs.outsideRequestScope(() => setTimeout(() => { throw new Error('shared feed'); }, 1)));
setTimeout(() => console.log('alive'), 200);`);
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('Error: shared feed');
  });
});
