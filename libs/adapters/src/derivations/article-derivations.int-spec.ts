// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeriveInput } from '@okapi/domain';
import { makeTempDir, realDataPath, TempDir } from '@okapi/testing';
import { DerivationPool } from '../wikitext/derivation-pool';
import { UNCLOSED_TABLES } from '../wikitext/testing/pathological-wikitext';
import { deriveFromWikitext } from '../wikitext/wikitext-deriver';
import { ArticleDerivations } from './article-derivations';
import { SqliteDerivationStore } from './derivation.store';

const inputs: DeriveInput[] = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { name: string; is_part_of: { identifier: string }; article_body: { wikitext: string } })
  .map((a) => ({
    wikitext: a.article_body.wikitext,
    context: { wiki: a.is_part_of.identifier, title: a.name, namespace: 0 },
  }));

const expected = (i: DeriveInput) => deriveFromWikitext(i.wikitext, i.context);

describe('ArticleDerivations: memory, then the SQLite store, then the deriver', () => {
  let tmp: TempDir;
  let pool: DerivationPool;
  beforeAll(() => {
    tmp = makeTempDir('okapi-derivations-');
    pool = new DerivationPool(2);
  });
  afterAll(async () => {
    await pool.close();
    tmp.remove();
  });

  it('derives each content once, answers repeats from memory, and a new process from the store', async () => {
    const path = join(tmp.path, 'derivations.sqlite3');
    const first = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
    const lookup = await first.resolve([...inputs, ...inputs]); // duplicates asked once
    for (const i of inputs) expect(lookup(i.wikitext, i.context)).toEqual(expected(i));
    expect(first.counts).toEqual({ memory: 0, stored: 0, derived: inputs.length, failed: 0 });
    await first.resolve(inputs);
    expect(first.counts).toEqual({ memory: inputs.length, stored: 0, derived: inputs.length, failed: 0 });
    await first.close();

    const second = new ArticleDerivations({ store: new SqliteDerivationStore(path), derive: () => ({ html: 'x' }) });
    const again = await second.resolve(inputs);
    for (const i of inputs) expect(again(i.wikitext, i.context)).toEqual(expected(i)); // not the stub: stored
    expect(second.counts).toEqual({ memory: 0, stored: inputs.length, derived: 0, failed: 0 });
    await second.close();
  });

  it('bounds memory by bytes, not only by count: large derivations push the oldest out', async () => {
    const d = new ArticleDerivations({ derive: () => ({ html: 'x'.repeat(100_000) }), memoryBytes: 1_000_000 });
    const all = Array.from({ length: 20 }, (_, i) => ({
      wikitext: `Page ${i}.`,
      context: { wiki: 'enwiki', title: `P${i}`, namespace: 0 },
    }));
    await d.resolve(all);
    expect(d.counts.derived).toBe(20);
    await d.resolve(all.slice(-4)); // the newest fit the budget (200 KB each)
    expect(d.counts).toMatchObject({ memory: 4, derived: 20 });
    await d.resolve(all.slice(0, 4)); // the oldest were forgotten
    expect(d.counts).toMatchObject({ memory: 4, derived: 24 });
  });

  it('keys on the context too: the same wikitext on another wiki is derived for that wiki', async () => {
    const d = new ArticleDerivations();
    const text = '[[Category:Rodents]] Squirrels.';
    const other = { wiki: 'dewiki', title: 'T', namespace: 0 };
    const en = { wiki: 'enwiki', title: 'T', namespace: 0 };
    const lookup = await d.resolve([
      { wikitext: text, context: en },
      { wikitext: text, context: other },
    ]);
    expect(lookup(text, en)?.categories?.[0].url).toContain('en.wikipedia.org');
    expect(lookup(text, other)?.categories?.[0].url).toContain('de.wikipedia.org');
    expect(lookup('not asked', en)).toBeUndefined();
  });

  it('falls back to the in-thread deriver when a worker fails', async () => {
    const broken = new DerivationPool(1);
    await broken.close(); // every request now rejects
    const d = new ArticleDerivations({ pool: broken });
    const lookup = await d.resolve(inputs.slice(0, 1));
    expect(lookup(inputs[0].wikitext, inputs[0].context)).toEqual(expected(inputs[0]));
  });
});

describe('ArticleDerivations without a usable store', () => {
  it('derives and answers from memory when the store cannot be opened', async () => {
    const d = new ArticleDerivations({
      store: () => {
        throw new Error('read-only file system');
      },
    });
    const lookup = await d.resolve(inputs.slice(0, 1));
    expect(lookup(inputs[0].wikitext, inputs[0].context)).toEqual(expected(inputs[0]));
    await d.resolve(inputs.slice(0, 1));
    expect(d.counts).toEqual({ memory: 1, stored: 0, derived: 1, failed: 0 });
  });
});

describe('ArticleDerivations asked twice at once', () => {
  it('derives a content once when a warm-up and a resolve overlap', async () => {
    let calls = 0;
    const d = new ArticleDerivations({
      derive: (t, c) => (calls++, deriveFromWikitext(t, c)),
      inThreadMaxChars: Number.MAX_SAFE_INTEGER, // every input on this counting deriver
    });
    d.warm(inputs);
    const lookup = await d.resolve(inputs);
    for (const i of inputs) expect(lookup(i.wikitext, i.context)).toEqual(expected(i));
    expect(calls).toBe(inputs.length);
    expect(d.counts).toEqual({ memory: inputs.length, stored: 0, derived: inputs.length, failed: 0 });
  });
});

describe('ArticleDerivations when a derivation runs past its deadline', () => {
  let tmp: TempDir;
  let pool: DerivationPool;
  beforeAll(() => {
    tmp = makeTempDir('okapi-derivations-deadline-');
    pool = new DerivationPool({ size: 1, timeoutMs: 1000 });
  });
  afterAll(async () => {
    await pool.close();
    tmp.remove();
  });

  it('answers without parts, says why, and caches the failure by content in memory and in the store', async () => {
    const path = join(tmp.path, 'derivations.sqlite3');
    const bad = { wikitext: UNCLOSED_TABLES, context: { wiki: 'enwiki', title: 'Vandalised', namespace: 0 } };
    const good = inputs[0];
    const d = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
    const lookup = await d.resolve([bad, good]);
    expect(lookup(bad.wikitext, bad.context)).toBeUndefined();
    expect(lookup.failureOf(bad.wikitext, bad.context)).toMatch(/deadline of 1000 ms/);
    expect(lookup.failed).toBe(1);
    expect(lookup(good.wikitext, good.context)).toEqual(expected(good));
    expect(lookup.failureOf(good.wikitext, good.context)).toBeUndefined();
    expect(pool.timedOut).toBe(1);

    const again = await d.resolve([bad]); // from memory: not derived again
    expect(again.failureOf(bad.wikitext, bad.context)).toMatch(/deadline/);
    await d.close();
    const restarted = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
    const stored = await restarted.resolve([bad]); // from the store
    expect(stored.failureOf(bad.wikitext, bad.context)).toMatch(/deadline/);
    expect(restarted.counts).toEqual({ memory: 0, stored: 1, derived: 0, failed: 0 });
    expect(pool.timedOut).toBe(1);
    await restarted.close();
  });

  it('never derives a large text in-thread: when the pool fails it, it fails', async () => {
    const broken = new DerivationPool(1);
    await broken.close(); // every request now rejects
    let inThread = 0;
    const d = new ArticleDerivations({
      pool: broken,
      derive: (t, c) => (inThread++, deriveFromWikitext(t, c)),
      inThreadMaxChars: 100,
    });
    const small = { wikitext: 'Short [[text]].', context: inputs[0].context };
    const lookup = await d.resolve([inputs[0], small]);
    expect(lookup.failureOf(inputs[0].wikitext, inputs[0].context)).toMatch(/pool is closed/);
    expect(lookup(small.wikitext, small.context)).toEqual(expected(small));
    expect(inThread).toBe(1);
  });
});
