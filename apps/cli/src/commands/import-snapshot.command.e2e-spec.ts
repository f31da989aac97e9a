// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { execFile } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { makeTempDir, realDataPath, TempDir } from '@okapi/testing';

// Jest 29 ignores the per-project testTimeout in jest.config; spawning the CLI can be slow.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');
const ARTICLES = realDataPath('enterprise', 'articles.ndjson');

async function okapi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [BIN, ...args], {
      env: { ...process.env, OKAPI_DATA_DIR: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('okapi import-snapshot / generate (CLI, end to end)', () => {
  let dir: TempDir;
  beforeEach(() => (dir = makeTempDir('okapi-cli-snapshot-')));
  afterEach(() => dir.remove());

  it('imports the real WME articles, then re-import is a no-op; okapi events shows them', async () => {
    const first = await okapi('import-snapshot', ARTICLES, '--data-dir', dir.path);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ articles: 3, appended: 3, rejected: 0 });
    const again = await okapi('import-snapshot', ARTICLES, '--data-dir', dir.path);
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0, duplicates: 3 });
    const events = await okapi('events', '--from', '0', '--data-dir', dir.path);
    expect(
      events.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).data.wiki)
        .sort(),
    ).toEqual(['dewiki', 'enwiki', 'ruwiki']);
  });

  it('a bad line is named by file and line on stderr, the rest is imported, exit code 1', async () => {
    const [a, b] = readFileSync(ARTICLES, 'utf8').split('\n');
    const file = join(dir.path, 'mixed.ndjson.gz');
    writeFileSync(file, gzipSync(`${a}\n{"name": "truncated"\n${b}\n`));
    const out = await okapi('import-snapshot', file, '--data-dir', dir.path);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`${file}:2: invalid JSON`);
    expect(JSON.parse(out.stdout)).toMatchObject({ articles: 2, appended: 2, rejected: 1 });
  });

  it('a missing file is a usage error', async () => {
    const out = await okapi('import-snapshot', join(dir.path, 'nope.tar.gz'), '--data-dir', dir.path);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('nope.tar.gz: no such file');
  });

  it('okapi generate appends N synthetic events; --print writes page_change NDJSON', async () => {
    const gen = await okapi(
      'generate',
      '--events',
      '300',
      '--rate',
      '0',
      '--wikis',
      'enwiki,dewiki',
      '--seed',
      '5',
      '--data-dir',
      dir.path,
    );
    expect(gen.code).toBe(0);
    expect(JSON.parse(gen.stdout)).toMatchObject({ events: 300, duplicates: 0 });
    const printed = await okapi('generate', '--print', '--events', '5', '--data-dir', dir.path);
    expect(
      printed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).$schema),
    ).toEqual(Array(5).fill('/mediawiki/page/change/1.2.0'));
  });
});
