// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * `okapi import-dump` through the real CLI: every <revision> of a real dump becomes exactly one
 * RevisionCreated (read back with `okapi events`), re-imports add nothing, broken files fail with
 * FILE:LINE:COLUMN and keep the pages before the break.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTempDir, TempDir } from '@okapi/testing';
import {
  pairWithDeletions,
  readFixture,
  truncateAfter,
  withSchemaVersion,
} from '@okapi/adapters/sources/dump/dump-variants.fixture';

// Each case runs the CLI two to four times; each run starts Node + SWC (~1 s quiet, 7 s at load 15);
// jest's project testTimeout is not applied.
jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const PAIR = { 19252820: [237382899, 237383099], 19252824: [237382916, 237383127] };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function okapi(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', [join(ROOT, 'bin/okapi.js'), ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface EventLine {
  offset: number;
  stream: string;
  type: string;
  data: { pageId: number; revisionId: number; visibility?: Record<string, boolean>; editor?: Record<string, unknown> };
}

async function events(dataDir: string): Promise<EventLine[]> {
  const run = await okapi(['events', '--from', '0', '--data-dir', dataDir]);
  expect(run.code).toBe(0);
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EventLine);
}

/** pageId -> revision ids of its RevisionCreated events, in offset order. */
function revisionsByPage(lines: EventLine[]): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  for (const e of lines) if (e.type === 'RevisionCreated') (out[e.data.pageId] ??= []).push(e.data.revisionId);
  return out;
}

describe('okapi import-dump (CLI end to end)', () => {
  let tmp: TempDir;
  let n = 0;
  const dataDir = (): string => join(tmp.path, `data-${++n}`);
  const file = (name: string, data: string | Buffer): string => {
    const path = join(tmp.path, name);
    writeFileSync(path, data);
    return path;
  };
  beforeAll(() => (tmp = makeTempDir('okapi-e2e-import-')));
  afterAll(() => tmp.remove());

  it('turns every <revision> into exactly one RevisionCreated, in order per page; a second import adds none', async () => {
    const dir = dataDir();
    const dump = file('pair.xml', readFixture('pair-0.10.xml'));
    const first = await okapi(['import-dump', dump, '--data-dir', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const stats = JSON.parse(first.stdout.trim());
    expect(stats).toMatchObject({ file: dump, wiki: 'enwiki', pages: 2, revisions: 4, duplicates: 0 });
    expect(Object.keys(stats).sort()).toEqual([
      'appended',
      'duplicates',
      'file',
      'pages',
      'revisions',
      'seconds',
      'wiki',
    ]);
    const log = await events(dir);
    expect(revisionsByPage(log)).toEqual(PAIR);
    expect(stats.appended).toBe(log.length);

    const second = await okapi(['import-dump', dump, '--data-dir', dir]);
    expect(JSON.parse(second.stdout.trim())).toMatchObject({ appended: 0, duplicates: 4 });
    expect(await events(dir)).toHaveLength(log.length);
  });

  it('a truncated dump exits non-zero naming FILE:LINE:COLUMN, keeps the pages before, and the fixed file adds only the rest', async () => {
    const dir = dataDir();
    const xml = readFixture('pair-0.10.xml');
    const cut = truncateAfter(xml, '<timestamp>2008-09-09T22:40:18Z');
    const broken = file('broken.xml', cut);
    const run = await okapi(['import-dump', broken, '--data-dir', dir, '--batch-pages', '1']);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`${broken.replace(/\./g, '\\.')}:${cut.split('\n').length}:\\d+: malformed XML`),
    );
    expect(revisionsByPage(await events(dir))).toEqual({ 19252820: PAIR[19252820] });

    const fixed = await okapi(['import-dump', file('fixed.xml', xml), '--data-dir', dir]);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ revisions: 4, duplicates: 2 });
    expect(revisionsByPage(await events(dir))).toEqual(PAIR);
  });

  it('a malformed tag fails at its line', async () => {
    const bad = readFixture('pair-0.10.xml').replace('<ns>1</ns>', '<ns>1</nss>');
    const path = file('bad.xml', bad);
    const run = await okapi(['import-dump', path, '--data-dir', dataDir()]);
    expect(run.code).not.toBe(0);
    const line = bad.slice(0, bad.indexOf('</nss>')).split('\n').length;
    expect(run.stderr).toContain(`${path}:${line}:`);
  });

  it('imports .gz and .bz2 (detected by content) and a 0.11 dump with suppressed fields', async () => {
    const dir = dataDir();
    const xml = readFixture('pair-0.10.xml');
    expect((await okapi(['import-dump', file('pair.gz', gzipSync(xml)), '--data-dir', dir])).code).toBe(0);
    expect(revisionsByPage(await events(dir))).toEqual(PAIR);

    const bz = spawnSync('bzip2', ['-c'], { input: readFixture('article-pear-0.10.xml') });
    if (!bz.error) {
      const run = await okapi(['import-dump', file('pear.xml.bz2', bz.stdout), '--data-dir', dir]);
      expect(JSON.parse(run.stdout)).toMatchObject({ pages: 1, revisions: 1, duplicates: 0 });
    }

    const other = dataDir();
    const v11 = file('deleted-0.11.xml', withSchemaVersion(pairWithDeletions(), '0.11'));
    expect((await okapi(['import-dump', v11, '--data-dir', other])).code).toBe(0);
    const hidden = (await events(other)).find((e) => e.data.revisionId === 237382916);
    expect(hidden?.data.visibility).toEqual({ text: false, editor: true, comment: true });
  });

  it('an unknown schema version fails clearly and appends nothing', async () => {
    const dir = dataDir();
    const path = file('v099.xml', withSchemaVersion(readFixture('pair-0.10.xml'), '0.99'));
    const run = await okapi(['import-dump', path, '--data-dir', dir]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`unsupported export schema version 0.99 in ${path}`);
    expect(await events(dir)).toEqual([]);
  });

  it('reports a missing file (exit 2, naming it, no store opened) and usage errors without a stack trace', async () => {
    const nope = join(tmp.path, 'nope.xml.bz2');
    const untouched = join(tmp.path, 'never-opened');
    const missing = await okapi(['import-dump', nope, '--data-dir', untouched]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${nope}: no such file`);
    expect(missing.stderr).not.toContain('    at ');
    expect(existsSync(untouched)).toBe(false);
    const usage = await okapi(['import-dump', '--data-dir', dataDir()]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: okapi import-dump FILE');
  });
});
