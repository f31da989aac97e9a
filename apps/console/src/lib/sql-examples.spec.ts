import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_EXAMPLES } from './sql-examples';

describe('SQL console examples', () => {
  it('are the documented example queries, verbatim (sql-analytics-docs.int-spec runs those on both engines)', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/sql-analytics.md'), 'utf8').split(
      '## Example queries',
    )[1];
    const documented = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    expect(SQL_EXAMPLES.length).toBeGreaterThanOrEqual(4);
    for (const example of SQL_EXAMPLES) expect(documented).toContain(example.sql);
  });
});
