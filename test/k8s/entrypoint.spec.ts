import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ROLES } from '../../apps/cli/src/roles/role-definitions';

/** docker/entrypoint.sh: role -> command line, checked through its --dry-run flag. */
const ROOT = resolve(__dirname, '../..');
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.sh');
const OKAPI = join(ROOT, 'bin/okapi.js');

function entrypoint(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_')));
  const { status, stdout, stderr } = spawnSync('sh', [ENTRYPOINT, ...args], {
    encoding: 'utf8',
    env: { ...clean, ...env },
  });
  return { status, stdout, stderr };
}

describe('docker/entrypoint.sh', () => {
  it.each([
    ['all', `node ${OKAPI} start`],
    ['snapshot', `node ${OKAPI} snapshot`],
    ...ROLES.map((r) => [r.name, `node ${OKAPI} ${r.command.join(' ')}`]),
  ])('maps role %s to its command line', (role, line) => {
    expect(entrypoint(['--dry-run', role])).toEqual({ status: 0, stdout: `${line}\n`, stderr: '' });
  });

  it('lists every role of the role table in its help', () => {
    const help = entrypoint(['help']).stdout;
    for (const r of ROLES) expect(help).toMatch(new RegExp(`^  ${r.name} +okapi ${r.command.join(' ')} `, 'm'));
  });

  it('passes extra flags through, quoting what the shell would split', () => {
    expect(entrypoint(['--dry-run', 'okapi', 'sql', "SELECT 'a' AS x"]).stdout).toBe(
      `node ${OKAPI} sql 'SELECT '\\''a'\\'' AS x'\n`,
    );
    expect(entrypoint(['--dry-run', 'all', '--data-dir', '/data']).stdout).toBe(
      `node ${OKAPI} start --data-dir /data\n`,
    );
  });

  it('builds the batch of the last closed UTC hour unless one is given', () => {
    const before = Date.now();
    const out = entrypoint(['--dry-run', 'batch']).stdout;
    const hours = [before, Date.now()].map((t) => new Date(t - 3600_000).toISOString().slice(0, 13));
    expect(hours.map((h) => `node ${OKAPI} batch --hour ${h}\n`)).toContain(out);
    expect(entrypoint(['--dry-run', 'batch', '--hour', '2024-05-01T07']).stdout).toBe(
      `node ${OKAPI} batch --hour 2024-05-01T07\n`,
    );
  });

  it('prints the roles on help and exits 0', () => {
    const run = entrypoint(['help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}projector /m);
  });

  it('rejects an unknown role with exit 2 and the usage on stderr', () => {
    const run = entrypoint(['--dry-run', 'publisherr']);
    expect([run.status, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/unknown role "publisherr"[\s\S]*usage:/);
  });

  it('refuses to start while an OKAPI_* variable still holds a CHANGE_ME placeholder', () => {
    const run = entrypoint(['api'], { OKAPI_JWT_SECRET: 'CHANGE_ME-openssl-rand-hex-32', OKAPI_PORT: '1' });
    expect(run.status).toBe(78);
    expect(run.stderr).toBe(
      'okapi entrypoint: replace the CHANGE_ME placeholder in: OKAPI_JWT_SECRET (see docs/kubernetes.md, Secrets)\n',
    );
  });
});
