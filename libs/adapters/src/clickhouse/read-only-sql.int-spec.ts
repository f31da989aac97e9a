import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ifSetUp, makeTempDir, TempDir, uniqueName } from '@okapi/testing';
import { must } from '@okapi/domain';
import { Analytics } from './analytics';
import { parseJsonEachRow } from './json-each-row';
import { parseServerUrl, READ_ONLY_USER, ServerEngine } from './server-engine';
import { describeEachEngine, SERVER_URL } from './testing/analytics-engines.fixture';

jest.setTimeout(60_000);

/**
 * User SQL is read-only because the engine says so (a readonly=1 user / session, the engine's
 * parser), not because of the query's text: every way around it below must be refused with 400,
 * and queries that only look suspicious (a column named `settings`) must still run.
 */
const PASSWD = "'/etc/passwd', 'CSV', 'a String'";
const bypasses = (outfile: string): readonly string[] => [
  'DROP TABLE revisions',
  'INSERT INTO revisions SELECT * FROM revisions',
  'ALTER TABLE revisions DELETE WHERE 1',
  'OPTIMIZE TABLE revisions FINAL',
  'CREATE TEMPORARY TABLE t (a UInt8)',
  'SYSTEM FLUSH LOGS',
  'KILL QUERY WHERE 1',
  'SET readonly = 0',
  'SELECT 1; DROP TABLE revisions',
  'SELECT 1; SELECT 2',
  '/* SELECT */ DROP TABLE revisions',
  '-- SELECT\nDROP TABLE revisions',
  'SELECT 1 SETTINGS readonly = 0',
  'SELECT count() FROM revisions SETTINGS max_threads = 1, readonly = 0',
  'SELECT * FROM (SELECT 1 SETTINGS readonly = 0)',
  `SELECT * FROM (SELECT * FROM file(${PASSWD}) SETTINGS readonly = 0)`,
  `SELECT * FROM (SELECT * FROM (SELECT file('/etc/passwd') SETTINGS readonly = 0))`,
  `SELECT * FROM file(${PASSWD})`,
  `sElEcT * FrOm FiLe(${PASSWD})`,
  `SELECT * FROM /* x */ file(${PASSWD}) AS settings`,
  `SELECT * FROM numbers(1) AS n, file(${PASSWD}) AS f`,
  `SELECT * FROM revisions WHERE wiki IN (SELECT * FROM file(${PASSWD}))`,
  `WITH (SELECT any(a) FROM file(${PASSWD})) AS x SELECT x`,
  "SELECT count() FROM revisions WHERE wiki IN file('/etc/hostname', 'LineAsString')",
  "SELECT file('/etc/hostname') AS settings",
  `SELECT * FROM view(SELECT * FROM file(${PASSWD}))`,
  `DESCRIBE TABLE file(${PASSWD})`,
  "SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'a String')",
  "SELECT * FROM s3('http://127.0.0.1:1/bucket/x.csv', 'CSV', 'a String')",
  "SELECT * FROM remote('127.0.0.1', system.one)",
  "SELECT * FROM remoteSecure('127.0.0.1', system.one)",
  "SELECT * FROM executable('cat /etc/passwd', 'TSV', 'a String')",
  "SELECT * FROM mysql('127.0.0.1:3306', 'd', 't', 'u', 'p')",
  "SELECT * FROM postgresql('127.0.0.1:5432', 'd', 't', 'u', 'p')",
  "SELECT * FROM jdbc('x', 'y', 'z')",
  "SELECT * FROM odbc('DSN=x', 't')",
  "SELECT * FROM hdfs('hdfs://127.0.0.1:1/x', 'TSV', 'a String')",
  "SELECT * FROM input('a String')",
  "SELECT * FROM dictionary('d')",
  "SELECT * FROM merge(currentDatabase(), '.*')",
  `SELECT count() FROM revisions INTO OUTFILE '${outfile}'`,
  `SELECT count() FROM revisions INTO OUTFILE '${outfile}' FORMAT CSV`,
  `EXISTS TABLE revisions INTO OUTFILE '${outfile}'`,
  'SELECT count() FROM revisions FORMAT CSV',
  'ＳＥＴ readonly = 0',
  'SELECT 1 ＳＥＴＴＩＮＧＳ readonly = 0',
  'SELECT\u200b1; DROP TABLE revisions',
];

/**
 * Attempts the engine's parser cannot read at all: a syntax error (still 400, `analytics.query_failed`).
 * 18.16 has no view() and no zero-width space as blank, and the client appends its own FORMAT.
 */
const NOT_SQL = {
  chdb: new Set(['SELECT 1 ＳＥＴＴＩＮＧＳ readonly = 0']),
  server: new Set([
    'SELECT 1 ＳＥＴＴＩＮＧＳ readonly = 0',
    "SELECT count() FROM revisions WHERE wiki IN file('/etc/hostname', 'LineAsString')",
    "SELECT file('/etc/hostname') AS settings",
    `SELECT * FROM view(SELECT * FROM file(${PASSWD}))`,
    "SELECT count() FROM revisions INTO OUTFILE 'OUTFILE' FORMAT CSV",
    'SELECT count() FROM revisions FORMAT CSV',
    'SELECT\u200b1; DROP TABLE revisions',
  ]),
};

const legitimate: readonly [string, (rows: Record<string, unknown>[]) => void][] = [
  ['SELECT count() AS settings FROM revisions', (r) => expect(Number(r[0].settings)).toBe(0)],
  ['SELECT wiki AS format, count() AS c FROM revisions GROUP BY format', (r) => expect(r).toEqual([])],
  ['SELECT settings FROM (SELECT 1 AS settings)', (r) => expect(r).toEqual([{ settings: 1 }])],
  ["SELECT ';' AS semi, '-- no' AS dash, 'SETTINGS readonly = 0' AS s", (r) => expect(r[0].semi).toBe(';')],
  ['select count() AS n from revisions;', (r) => expect(Number(r[0].n)).toBe(0)],
  ['WITH 2 AS two SELECT two * 3 AS six', (r) => expect(r).toEqual([{ six: 6 }])],
  ['SHOW TABLES', (r) => expect(r.map((x) => x.name)).toContain('revisions')],
  ['DESCRIBE TABLE revisions', (r) => expect(r.map((x) => x.name)).toContain('wiki')],
  ['EXISTS TABLE revisions', (r) => expect(Object.values(r[0])).toEqual([1])],
];

describeEachEngine('read-only SQL enforced by the engine', (harness) => {
  let analytics: Analytics;
  let tmp: TempDir;

  beforeAll(async () => {
    tmp = makeTempDir('okapi-rosql-');
    analytics = await harness().open();
  });
  afterAll(async () => {
    await analytics.close();
    await harness().destroy();
    tmp.remove();
  });

  it.each(bypasses('OUTFILE').map((sql) => [sql]))('refuses %j with 400', async (template) => {
    const outfile = join(tmp.path, 'out.csv');
    const sql = template.replace("'OUTFILE'", `'${outfile}'`);
    const error = await analytics.queryReadOnly(sql).then(
      (rows) => ({ rows }),
      (e: unknown) => e as { code?: string; status?: number; message?: string },
    );
    const code = NOT_SQL[harness().kind].has(template) ? 'analytics.query_failed' : 'analytics.read_only';
    expect(error).toMatchObject({ status: 400, code });
    expect(existsSync(outfile)).toBe(false);
  });

  it('leaves the data and the writer session alone', async () => {
    await analytics.queryReadOnly('SELECT 1 SETTINGS readonly = 0').catch(() => undefined);
    await analytics.exec('CREATE TABLE IF NOT EXISTS ro_probe (a UInt8) ENGINE = MergeTree ORDER BY a');
    await analytics.insertJsonEachRow('ro_probe', [{ a: 1 }]);
    expect(await analytics.query('SELECT count() AS n FROM ro_probe')).toEqual([{ n: 1 }]);
    await expect(analytics.queryReadOnly('DROP TABLE ro_probe')).rejects.toMatchObject({ status: 400 });
    await analytics.exec('DROP TABLE ro_probe');
  });

  it.each(legitimate)('runs %j', async (sql, check) => {
    check(parseJsonEachRow<Record<string, unknown>>(await analytics.queryReadOnly(sql)));
  });
});

/**
 * On the server, okapi_readonly reaches the okapi databases only (scripts/clickhouse-server.sh:
 * allow_databases `default okapi`): not another application's, nor a test's, database.
 */
(SERVER_URL ? describe : describe.skip)('read-only SQL on the server stays in the okapi databases', () => {
  const other = uniqueName('okapi_test_other_');
  let writer: ServerEngine;
  let readOnly: ServerEngine;
  beforeAll(async () => {
    writer = await ServerEngine.open(parseServerUrl(must(SERVER_URL, 'OKAPI_TEST_CLICKHOUSE_URL'), other));
    await writer.exec('CREATE TABLE IF NOT EXISTS secrets (a UInt8) ENGINE = MergeTree ORDER BY a');
    await writer.insertJsonEachRow('secrets', [{ a: 7 }]);
    readOnly = await ServerEngine.open(
      parseServerUrl(must(SERVER_URL, 'OKAPI_TEST_CLICKHOUSE_URL'), 'default', { username: READ_ONLY_USER }),
    );
  });
  afterAll(async () => {
    await ifSetUp(writer)?.dropDatabase();
    await ifSetUp(writer)?.close();
    await ifSetUp(readOnly)?.close();
  });

  it('refuses a table of another database, and hides its tables', async () => {
    await expect(readOnly.queryReadOnly(`SELECT a FROM ${other}.secrets`)).rejects.toMatchObject({ status: 400 });
    const listed = parseJsonEachRow<{ n: number | string }>(
      await readOnly.queryReadOnly(`SELECT count() AS n FROM system.tables WHERE database = '${other}'`),
    );
    expect(Number(listed[0].n)).toBe(0);
    expect(parseJsonEachRow(await readOnly.queryReadOnly('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });

  it('cannot be pointed at another database', async () => {
    const elsewhere = await ServerEngine.open(
      parseServerUrl(must(SERVER_URL, 'OKAPI_TEST_CLICKHOUSE_URL'), other, { username: READ_ONLY_USER }),
    );
    try {
      await expect(elsewhere.queryReadOnly('SELECT count() FROM secrets')).rejects.toMatchObject({ status: 400 });
    } finally {
      await elsewhere.close();
    }
  });
});
