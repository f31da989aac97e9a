// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '@okapi/domain';
import { parseJsonEachRow } from './json-each-row';
import { ProjectionRunner } from './clickhouse-projection-runner';
import { describeEachEngine } from './testing/analytics-engines.fixture';
import { seedStore, storeOnEngine } from './testing/views-store.fixture';

jest.setTimeout(60_000);

const DOC = join(__dirname, '../../../../docs/sql-analytics.md');
const EXAMPLES = [
  ...readFileSync(DOC, 'utf8')
    .split('## Example queries')[1]
    .matchAll(/```sql\n([\s\S]*?)```/g),
].map((m) => m[1].trim());

describe('docs/sql-analytics.md', () => {
  it('has the example queries the issue asks for', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
    for (const needle of ['toStartOfHour', 'ORDER BY edits DESC', "flag = 'suspect'", 'reverted_at - timestamp']) {
      expect(EXAMPLES.some((q) => q.includes(needle))).toBe(true);
    }
  });
});

describeEachEngine('documented example queries', (harness) => {
  const views = storeOnEngine(harness, { prefix: 'okapi-sqldocs-', open: seedStore });
  beforeAll(() => new ProjectionRunner(views.store, views.analytics).runUntilCaughtUp());

  it.each(EXAMPLES.map((q) => [q.split('\n')[0], q]))('runs read-only: %s', async (_title, sql) => {
    const rows = parseJsonEachRow<Record<string, unknown>>(await views.analytics.queryReadOnly(sql));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('answers the revert example with the seeded identity revert', async () => {
    const sql = must(
      EXAMPLES.find((q) => q.includes('median_seconds_to_revert')),
      'the median_seconds_to_revert example',
    );
    const [row] = parseJsonEachRow<{
      wiki: string;
      reverted_edits: number | string;
      median_seconds_to_revert: number | string;
    }>(await views.analytics.queryReadOnly(sql));
    expect({
      ...row,
      reverted_edits: Number(row.reverted_edits),
      median_seconds_to_revert: Number(row.median_seconds_to_revert),
    }).toMatchObject({
      wiki: 'enwiki',
      reverted_edits: 1,
      median_seconds_to_revert: 180,
    });
  });

  it('refuses writes through the read-only path', async () => {
    await expect(views.analytics.queryReadOnly('DROP TABLE revisions')).rejects.toMatchObject({
      code: 'analytics.read_only',
      status: 400,
    });
    await expect(
      views.analytics.queryReadOnly("SELECT * FROM file('/etc/passwd', 'CSV', 'a String')"),
    ).rejects.toMatchObject({ status: 400 });
  });
});
