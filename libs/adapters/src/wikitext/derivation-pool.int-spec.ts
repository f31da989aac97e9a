// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataPath } from '@okapi/testing';
import { articleText } from '../sources/dump/synthetic-article-text';
import { DerivationPool, DerivationTimeout } from './derivation-pool';
import { UNCLOSED_TABLES } from './testing/pathological-wikitext';
import { deriveFromWikitext } from './wikitext-deriver';

const articles = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(
    (l) => JSON.parse(l) as { name: string; is_part_of: { identifier: string }; article_body: { wikitext: string } },
  );

const CTX = { wiki: 'enwiki', title: 'T', namespace: 0 };

describe('DerivationPool (worker threads)', () => {
  const pool = new DerivationPool(2);
  afterAll(() => pool.close());

  it('derives what the deriver derives in-thread, for many requests in flight at once', async () => {
    let seed = 3;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const inputs = [
      ...articles.map((a) => ({
        wikitext: a.article_body.wikitext,
        context: { wiki: a.is_part_of.identifier, title: a.name, namespace: 0 },
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        wikitext: articleText(rand, `P${i}`, 3000),
        context: { wiki: 'enwiki', title: `P${i}`, namespace: 0 },
      })),
    ];
    const pooled = await Promise.all(inputs.map((i) => pool.derive(i.wikitext, i.context)));
    expect(pooled).toEqual(inputs.map((i) => deriveFromWikitext(i.wikitext, i.context)));
    expect(pooled[1].html).toContain('<a class="link"');
    expect(pool.inFlight).toBe(0);
  });

  it('fails only the requests of a worker that dies, and goes on with a new one', async () => {
    const text = articles[1].article_body.wikitext;
    const doomed = Array.from({ length: 4 }, () => pool.derive(text, CTX));
    await pool.crashWorker(0);
    const settled = await Promise.allSettled(doomed);
    expect(settled.some((s) => s.status === 'rejected')).toBe(true);
    await expect(pool.derive('Plain [[link]] text.', CTX)).resolves.toMatchObject({
      html: expect.stringContaining('href="./link"'),
    });
  });

  it('rejects a derivation past its deadline, replaces the worker, and derives the requests queued behind it', async () => {
    const guarded = new DerivationPool({ size: 1, timeoutMs: 1000 });
    try {
      const slow = guarded.derive(UNCLOSED_TABLES, CTX);
      const queued = guarded.derive('Plain [[link]] text.', CTX);
      await expect(slow).rejects.toBeInstanceOf(DerivationTimeout);
      await expect(queued).resolves.toMatchObject({ html: expect.stringContaining('href="./link"') });
      expect(guarded.timedOut).toBe(1);
      await expect(guarded.derive('Another [[page]].', CTX)).resolves.toMatchObject({ abstract: 'Another page.' });
      expect(guarded.inFlight).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  it('does not keep a process alive once idle (okapi project exits when it is done)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const script = [
      "require('@swc-node/register');",
      `const { DerivationPool } = require(${JSON.stringify(join(__dirname, 'derivation-pool.ts'))});`,
      'new DerivationPool(2).derive("Some [[link]].", { wiki: "enwiki", title: "T", namespace: 0 })',
      '  .then((d) => console.log(JSON.stringify(Object.keys(d))));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toEqual({
      status: 0,
      signal: null,
      stdout: '["html","abstract"]',
    });
  });
});
