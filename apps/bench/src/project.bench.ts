import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analytics } from '@okapi/adapters/clickhouse';
import { openAnalytics } from '@okapi/adapters/clickhouse';
import { ProjectionRunner } from '@okapi/adapters/clickhouse';
import { parseServerUrl, ServerEngine } from '@okapi/adapters/clickhouse';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { ArticleDerivations } from '@okapi/adapters/derivations';
import { EventStore, RevisionCreated, toOffset } from '@okapi/domain';
import { TABLES, toRevisionRow } from '@okapi/projections';
import { flagString, UsageError } from '@okapi/cli';
import { Bench, Figures, round, sizeFlag } from './bench';
import { generateRevisionStore } from '@okapi/testing';
import { measureRealistic } from './project-realistic';

const LOCAL_SERVER = 'http://127.0.0.1:18123';
const METADATA_GOAL_REV_S = 10_000;

/**
 * `okapi bench project [--revisions N] [--quick] [--engine chdb|server|all] [--realistic-pages N]
 * [--realistic-only]`: rebuild throughput from a generated event store into each engine. Metadata
 * path (`revisions` only, goal >= 10,000 rev/s into chDB) next to a same-run baseline of raw
 * JSONEachRow inserts of the same rows; the article-document path (all three views, documents
 * with derived html) reported separately; then pages of realistic size into chDB
 * (project-realistic.ts: first time and rebuild from zero, issue #15 item 6), which
 * `--realistic-only` measures alone.
 */
export const bench: Bench = {
  name: 'project',
  summary: 'projection rebuild rev/s into chDB (and server): metadata path vs raw JSONEachRow inserts, document path',
  async run(args, ctx, log) {
    const total = sizeFlag(args, 'revisions', 10_000, 50_000);
    const realisticPages = sizeFlag(args, 'realistic-pages', 1500, 6000);
    const engine = flagString(args, 'engine') ?? 'all';
    if (!['chdb', 'server', 'all'].includes(engine)) throw new UsageError('--engine must be chdb, server or all');
    const dir = mkdtempSync(join(tmpdir(), 'okapi-bench-project-'));
    if (args.flags['realistic-only']) return realisticOnly(dir, realisticPages, log);
    const store = openSqliteEventStore({ path: join(dir, 'events.sqlite3') });
    try {
      const pages = Math.max(1, Math.round(total / 10));
      const gen = await generateRevisionStore(store, { revisions: total, pages });
      log(`event store: ${gen.revisions} revisions on ${pages} pages (~${gen.textBytes} B wikitext each)`);
      const figures: Figures = { revisions: total, pages };
      if (engine !== 'server')
        Object.assign(
          figures,
          await measure(
            'chdb',
            () => openAnalytics({ chdbPath: join(dir, 'chdb'), cacheBytes: 0 }),
            store,
            total,
            log,
            (analytics) => measureRealistic(dir, analytics, realisticPages, log),
          ),
        );
      const serverUrl = ctx.config.clickhouseUrl ?? ((await serverAnswers(LOCAL_SERVER)) ? LOCAL_SERVER : undefined);
      if (engine !== 'chdb' && serverUrl) {
        const database = `okapi_bench_${process.pid}`;
        try {
          Object.assign(
            figures,
            await measure(
              'server',
              () => openAnalytics({ serverUrl, database, chdbPath: '', cacheBytes: 0 }),
              store,
              total,
              log,
            ),
          );
        } finally {
          await dropDatabase(serverUrl, database);
        }
      } else if (engine !== 'chdb') {
        log('server: not measured (set OKAPI_CLICKHOUSE_URL or run scripts/clickhouse-server.sh start)');
      }
      return figures;
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function realisticOnly(dir: string, pages: number, log: (l: string) => void): Promise<Figures> {
  try {
    const analytics = await openAnalytics({ chdbPath: join(dir, 'chdb'), cacheBytes: 0 });
    try {
      return await measureRealistic(dir, analytics, pages, log);
    } finally {
      await analytics.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(
  kind: string,
  open: () => Promise<Analytics>,
  store: EventStore,
  total: number,
  log: (l: string) => void,
  more?: (analytics: Analytics) => Promise<Figures>,
): Promise<Figures> {
  const analytics = await open();
  try {
    const baseline = await rawInsertRate(analytics, store);
    log(`${kind}: baseline raw JSONEachRow insert of the same revisions rows: ${round(baseline)} rows/s`);
    const metadata = await rebuildRate(new ProjectionRunner(store, analytics, { projections: ['revisions'] }), total);
    log(`${kind}: metadata path (revisions view): ${round(metadata)} rev/s (goal >= ${METADATA_GOAL_REV_S} on chdb)`);
    const documents = await rebuildRate(
      new ProjectionRunner(store, analytics, { derivations: new ArticleDerivations() }),
      total,
    );
    log(`${kind}: document path (all views, derived html): ${round(documents)} rev/s`);
    return {
      [`${kind}_metadata_rev_per_s`]: round(metadata),
      [`baseline_${kind}_raw_insert_rows_per_s`]: round(baseline),
      [`ratio_${kind}_metadata`]: round(metadata / baseline),
      [`${kind}_documents_rev_per_s`]: round(documents),
      [`ratio_${kind}_documents`]: round(documents / baseline),
      ...(kind === 'chdb' ? { goal_chdb_metadata_met: metadata >= METADATA_GOAL_REV_S } : {}),
      ...(more ? await more(analytics) : {}),
    };
  } finally {
    await analytics.close();
  }
}

async function rebuildRate(runner: ProjectionRunner, total: number): Promise<number> {
  await runner.rebuild();
  const started = performance.now();
  const done = await runner.runUntilCaughtUp();
  const seconds = (performance.now() - started) / 1000;
  if (done.events < total) throw new Error(`projected ${done.events} of ${total} events`);
  return done.events / seconds;
}

/** The same rows the runner writes, built up front and inserted raw in the runner's batch size. */
async function rawInsertRate(analytics: Analytics, store: EventStore): Promise<number> {
  const rows = [];
  for (let from = 1; ; ) {
    const page = await store.readAll({ from: toOffset(from), limit: 5000 });
    if (page.length === 0) break;
    for (const e of page)
      if (e.type === 'RevisionCreated') rows.push(toRevisionRow((e as RevisionCreated).data, Number(e.offset)));
    from = Number(page[page.length - 1].offset) + 1;
  }
  await analytics.exec(`TRUNCATE TABLE IF EXISTS ${TABLES.revisions}`);
  const payloads: string[] = [];
  for (let i = 0; i < rows.length; i += 5000)
    payloads.push(
      rows
        .slice(i, i + 5000)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
  const started = performance.now();
  for (const p of payloads) await analytics.insertJsonEachRow(TABLES.revisions, `${p}\n`);
  return rows.length / ((performance.now() - started) / 1000);
}

async function serverAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/?query=SELECT%201`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function dropDatabase(url: string, database: string): Promise<void> {
  const engine = await ServerEngine.open(parseServerUrl(url, database));
  await engine.dropDatabase();
  await engine.close();
}
