// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { join } from 'node:path';
import { asyncSource, makeTempDir, readRealNdjson, TempDir } from '@okapi/testing';
import { SqliteDeadLetterStore } from '../dead-letters/sqlite-dead-letter.store';
import { toStructuredContent } from '../wikitext/structured-contents';
import { structuredLines } from './bulk-jobs';

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of source) out.push(l);
  return out;
}

/**
 * A bulk job meets an Article it cannot convert: the real WME "Squirrel" Articles, the second
 * one made to fail; it is dead-lettered by its event offset and the others are exported.
 */
describe('bulk dead letters (structured-contents snapshot lines)', () => {
  let dir: TempDir;
  let letters: SqliteDeadLetterStore;
  const articles: Record<string, any>[] = readRealNdjson<Record<string, any>>('enterprise', 'articles.ndjson').map(
    (a, i) => ({
      ...a,
      event: { ...a.event, offset: 100 + i, type: 'update' },
    }),
  );
  const docs = articles.map((a) => JSON.stringify(a));
  const poisoned = (a: Record<string, unknown>) => {
    if ((a.event as { offset: number }).offset === 101) throw new Error('cannot convert');
    return toStructuredContent(a);
  };

  beforeEach(() => {
    dir = makeTempDir('okapi-bulk-dead-');
    letters = new SqliteDeadLetterStore(join(dir.path, 'dead-letters.sqlite3'));
  });
  afterEach(async () => {
    await letters.close();
    dir.remove();
  });

  it('leaves the one Article out, records it, and exports the others', async () => {
    const out = await collect(structuredLines(asyncSource(docs), letters, poisoned));
    expect(out.map((l) => JSON.parse(l).identifier)).toEqual([articles[0].identifier, articles[2].identifier]);
    const [letter] = await letters.list('bulk');
    expect(letter).toMatchObject({
      consumer: 'bulk',
      offset: 101,
      stream: `page-${articles[1].is_part_of.identifier}-${articles[1].identifier}`,
      eventType: 'article:update',
      error: 'cannot convert',
    });
  });

  it('converts on the derivation workers in order, line for line as on this thread', async () => {
    const many = [...docs, ...docs, ...docs, ...docs];
    const inThread = await collect(structuredLines(asyncSource(many), undefined, toStructuredContent));
    expect(await collect(structuredLines(asyncSource(many), undefined, undefined, 3))).toEqual(inThread);
    expect(inThread.map((l) => JSON.parse(l).identifier)).toEqual(many.map((d) => JSON.parse(d).identifier));
  });

  it('without a dead-letter store, or for a line that names no event, the job fails (never a silent drop)', async () => {
    await expect(collect(structuredLines(asyncSource(docs), undefined, poisoned))).rejects.toThrow('cannot convert');
    await expect(collect(structuredLines(asyncSource(['{"truncated'])))).rejects.toThrow(SyntaxError);
    expect(await letters.list()).toEqual([]);
  });
});
