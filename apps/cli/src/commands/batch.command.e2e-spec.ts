// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@okapi/adapters/config';
import { openRuntime } from '@okapi/adapters/runtime';
import { Runtime } from '@okapi/adapters/runtime';
import { ifSetUp, makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { createApiApp } from '../../../api/src/create-api-app';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'okapi.js');
const run = promisify(execFile);

/**
 * chDB allows one process per directory. While a server holds it, `okapi batch` and
 * `okapi snapshot` read the views through the server's loopback /internal/sql, write the files
 * into the shared data dir, and the server serves them at once.
 */
describe('okapi batch / snapshot next to a running server that holds chDB', () => {
  let dir: TempDir;
  let data: string;
  let runtime: Runtime;
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    dir = makeTempDir('okapi-cli-bulk-live-');
    data = join(dir.path, 'data');
    const cli = (...args: string[]): void =>
      void execFileSync('node', [BIN, ...args, '--data-dir', data], {
        env: { ...process.env, OKAPI_DATA_DIR: '' },
        stdio: 'pipe',
      });
    cli('import-dump', realDataPath('xml', 'pair-0.10.xml'));
    cli('project');
    runtime = await openRuntime(loadConfig({ OKAPI_DATA_DIR: data, OKAPI_AUTH: 'disabled' }));
    await runtime.analytics.readModel.listHour('2008-09-09T22:00:00Z'); // opens chDB: this process holds the lock now
    app = await createApiApp(runtime, { logger: false });
    await app.listen(0, '127.0.0.1');
    port = Number(new URL((await app.getUrl()).replace('[::1]', '127.0.0.1')).port);
  });
  afterAll(async () => {
    await ifSetUp(app)?.close();
    await ifSetUp(runtime)?.close();
    dir.remove();
  });

  const okapi = (...args: string[]) =>
    run('node', [BIN, ...args, '--data-dir', data], {
      env: { ...process.env, OKAPI_DATA_DIR: '', OKAPI_PORT: String(port) },
    });

  it('builds the hour through the server, which then lists and serves it', async () => {
    const { stdout } = await okapi('batch', '--hour', '2008-09-09T22');
    const built = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(built.map((m) => [m.identifier, m.articles])).toEqual([
      ['enwiki_namespace_0', 1],
      ['enwiki_namespace_1', 1],
    ]);
    const listed = await (await fetch(`http://127.0.0.1:${port}/v2/batches/2008-09-09/22`)).json();
    expect(listed).toEqual(built.map(({ articles: _articles, ...meta }) => meta));
    const head = await fetch(`http://127.0.0.1:${port}/v2/batches/2008-09-09/22/enwiki_namespace_0/download`, {
      method: 'HEAD',
    });
    expect(head.headers.get('etag')).toBe(`"${built[0].version}"`);
  });

  it('builds snapshots through the server too', async () => {
    const { stdout } = await okapi('snapshot', '--namespace', '0');
    const [articles, structured] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(articles).toMatchObject({ identifier: 'enwiki_namespace_0', articles: 1 });
    expect(structured).toMatchObject({ product: 'structured-contents', identifier: 'enwiki_namespace_0', articles: 1 });
    const one = (await (await fetch(`http://127.0.0.1:${port}/v2/snapshots/enwiki_namespace_0`)).json()) as {
      chunks: string[];
    };
    expect(one.chunks).toEqual(['enwiki_namespace_0_chunk_0']);
  });

  it('says so when chDB is held and nothing answers on OKAPI_PORT', async () => {
    const failed = (await run('node', [BIN, 'batch', '--hour', '2008-09-09T22', '--data-dir', data], {
      env: { ...process.env, OKAPI_DATA_DIR: '', OKAPI_PORT: '1' },
    }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('did not answer');
  });
});
