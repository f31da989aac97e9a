// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@okapi/adapters/config';
import { openRuntime } from '@okapi/adapters/runtime';
import { Runtime } from '@okapi/adapters/runtime';
import { makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { createApiApp } from '../../../api/src/create-api-app';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function okapi(env: Record<string, string>, ...args: string[]): Promise<Outcome> {
  // Async spawn: the API answering the fallback lives in this process, so its loop must stay free.
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OKAPI_') || k.startsWith('OKAPI_TEST_')),
  );
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { env: { ...clean, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('okapi sql (CLI, end to end)', () => {
  let dir: TempDir;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = makeTempDir('okapi-cli-sql-');
    env = { OKAPI_DATA_DIR: dir.path };
    expect((await okapi(env, 'import-dump', realDataPath('xml', 'pair-0.10.xml'))).code).toBe(0);
    const projected = await okapi(env, 'project');
    expect(projected.code).toBe(0);
    expect(JSON.parse(projected.stdout)).toMatchObject({ events: 4, lag: 0, engine: 'chdb' });
  });
  afterAll(() => dir.remove());

  it('prints rows as JSONEachRow', async () => {
    const out = await okapi(
      env,
      'sql',
      'SELECT page_id, count() AS revisions FROM revisions FINAL GROUP BY page_id ORDER BY page_id',
    );
    expect(out).toMatchObject({
      code: 0,
      stdout: '{"page_id":19252820,"revisions":2}\n{"page_id":19252824,"revisions":2}\n',
    });
  });

  it('refuses writes and reports bad queries on stderr with a stable code', async () => {
    const write = await okapi(env, 'sql', 'DROP TABLE revisions');
    expect(write.code).toBe(2);
    expect(write.stderr).toContain('[analytics.read_only]');
    const bad = await okapi(env, 'sql', 'SELECT no_such_column FROM revisions');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[analytics.query_failed]');
    expect((await okapi(env, 'sql', 'SELECT count() AS n FROM revisions FINAL')).stdout).toBe('{"n":4}\n');
  });

  describe('while another process holds the chDB directory', () => {
    let runtime: Runtime;
    let app: INestApplication;
    let port: number;

    beforeAll(async () => {
      runtime = await openRuntime(
        loadConfig({ OKAPI_DATA_DIR: dir.path, OKAPI_AUTH: 'disabled', OKAPI_LOG_LEVEL: 'error' }),
      );
      await runtime.analytics.query('SELECT 1'); // opens, and so locks, the chDB directory
      app = await createApiApp(runtime, { logger: false });
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
    });
    afterAll(async () => {
      await app.close();
      await runtime.close();
    });

    it('sends the query to that process over /internal/sql and prints the same rows', async () => {
      const out = await okapi({ ...env, OKAPI_PORT: String(port) }, 'sql', 'SELECT count() AS n FROM revisions FINAL');
      expect(out).toMatchObject({ code: 0, stdout: '{"n":4}\n' });
    });

    it('keeps the read-only rule on that path', async () => {
      const out = await okapi(
        { ...env, OKAPI_PORT: String(port) },
        'sql',
        'INSERT INTO revisions SELECT * FROM revisions',
      );
      expect(out.code).toBe(2);
      expect(out.stderr).toContain('[analytics.read_only]');
    });

    it('names the problem when nothing answers on OKAPI_PORT', async () => {
      const out = await okapi({ ...env, OKAPI_PORT: '1' }, 'sql', 'SELECT 1');
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/locked.*did not answer.*\[analytics.unreachable\]/);
    });
  });
});
