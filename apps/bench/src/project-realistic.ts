import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { Analytics } from '@okapi/adapters/clickhouse';
import { ProjectionRunner, toJsonEachRow } from '@okapi/adapters/clickhouse';
import { loadConfig } from '@okapi/adapters/config';
import { ArticleDerivations } from '@okapi/adapters/derivations';
import { SqliteDerivationStore } from '@okapi/adapters/derivations';
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { importDump } from '@okapi/adapters/sources/dump';
import { writeSyntheticDump } from '@okapi/adapters/sources/dump';
import { DerivationPool } from '@okapi/adapters/wikitext';
import { CONFIG_DEFAULTS } from '@okapi/adapters/config';
import { EventStore } from '@okapi/domain';
import { PROJECTIONS, sqlList, TABLES } from '@okapi/projections';
import { Figures, round } from './bench';

/** Goals of issue #15 item 6 on pages of realistic size, 2 cores. */
export const FIRST_TIME_GOAL_REV_S = 2000;
export const REBUILD_GOAL_REV_S = 10_000;

/**
 * Projection of Wikipedia-sized pages (synthetic-dump-generator.ts: median ~3 KB, log-normal tail
 * to 200 KB, infobox, links, citations, templates, categories; ~4 revisions per page), all views,
 * every document with its derived html/abstract/categories/templates:
 * - first time: an empty derivation store, so every document's parts are derived (worker pool);
 * - rebuild from zero (`okapi project --rebuild` in a new process): views dropped, nothing in
 *   memory; article_documents outlives the rebuild (document-reuse.ts) and its documents are of
 *   the current format, so none is built again (no text, no derivation read);
 * - the same regenerating every document (`--rebuild --documents`, before it the rebuild's only
 *   way): every derivation read back from the store by content hash, none recomputed, every
 *   document assembled and written only when its bytes differ (none here). With each, the main
 *   thread's CPU per 1,000 revisions (/proc, Linux): the bound of the rebuild on 2 cores.
 * Both as rev/s next to same-run baselines, the engine's raw insert rate (rows read back, encoded
 * beforehand as the runner encodes them, inserted in as many chunks as the runner has batches),
 * in revisions per second: of every row the views hold, documents included (what the first time
 * writes), and of the view rows alone (what the rebuild writes when no document changed); and
 * per CPU-second of the whole process (all threads): on a shared machine the wall-clock rate
 * depends on the neighbours, the CPU cost does not; two idle cores give at most twice that.
 * `cores_busy` (CPU seconds per second) shows how well the pipeline overlaps derivation, rows and
 * inserts.
 */
export async function measureRealistic(
  dir: string,
  analytics: Analytics,
  pages: number,
  log: (l: string) => void,
): Promise<Figures> {
  const dump = join(dir, 'realistic.xml');
  const gen = writeSyntheticDump(dump, { pages, seed: 15 });
  const store = openSqliteEventStore({ path: join(dir, 'realistic-events.sqlite3') });
  const pool = new DerivationPool();
  try {
    await importDump(dump, { config: loadConfig({}), eventStore: store });
    log(
      `realistic: ${gen.revisions} revisions on ${gen.pages} pages, ${round(gen.bytes / gen.revisions)} B of wikitext per revision on average`,
    );
    const path = join(dir, 'realistic-derivations.sqlite3');
    const first = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
    const workersBefore = pool.workerCpuMs();
    const { rate: firstRate, perCpuS: firstPerCpu } = await rebuildRate(store, analytics, first, gen.revisions, {
      fresh: true,
    });
    const workersAfter = pool.workerCpuMs();
    const firstCpuS = gen.revisions / firstPerCpu;
    const deriveCpuS =
      workersBefore === undefined || workersAfter === undefined ? undefined : (workersAfter - workersBefore) / 1000;
    log(
      `realistic: first-time projection with derivation: ${round(firstRate)} rev/s, ${round(firstPerCpu)} rev per CPU-second, ${(firstRate / firstPerCpu).toFixed(2)} cores busy (${first.counts.derived} derived; goal >= ${FIRST_TIME_GOAL_REV_S} rev/s)`,
    );
    log(
      `realistic: first-time CPU ${round((1000 * firstCpuS) / gen.pages)} s per 1,000 pages${deriveCpuS === undefined ? '' : `, ${round((100 * deriveCpuS) / firstCpuS)} % of it on the derivation workers (${round((1000 * deriveCpuS) / first.counts.derived)} ms per derivation)`}`,
    );
    await first.close();
    const full = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
    const regenerated = await rebuildRate(store, analytics, full, gen.revisions, { regenerateDocuments: true });
    log(
      `realistic: rebuild regenerating every document (--rebuild --documents): ${round(regenerated.rate)} rev/s, ${round(regenerated.perCpuS)} rev per CPU-second, main thread ${round(regenerated.mainCpuSPer1000)} CPU-s per 1,000 revisions`,
    );
    await full.close();
    const again = new ArticleDerivations({ pool, store: new SqliteDerivationStore(path) });
    const rebuilt = await rebuildRate(store, analytics, again, gen.revisions);
    const { rate: rebuildRateS, perCpuS: rebuildPerCpu } = rebuilt;
    log(
      `realistic: rebuild main thread ${round(rebuilt.mainCpuSPer1000)} CPU-s per 1,000 revisions (${round(rebuilt.mainCpuSPer1000 / regenerated.mainCpuSPer1000)}x the one regenerating every document)`,
    );
    log(
      `realistic: rebuild from zero on stored derivations: ${round(rebuildRateS)} rev/s, ${round(rebuildPerCpu)} rev per CPU-second, ${(rebuildRateS / rebuildPerCpu).toFixed(2)} cores busy (${again.counts.stored} read back, ${again.counts.derived} derived; ${rebuilt.documentsWritten} documents written again, the others' bytes already stored; goal >= ${REBUILD_GOAL_REV_S} rev/s)`,
    );
    await again.close();
    if (again.counts.derived !== 0) throw new Error(`the rebuild derived ${again.counts.derived} parts again`);
    const written = await bytesWritten(analytics);
    log(
      `realistic: the rebuild stored ${round(written.uncompressed / gen.revisions)} B per revision (${round(written.compressed / gen.revisions)} B compressed), ${round((100 * written.documents) / written.uncompressed)} % of it Article documents, each once`,
    );
    const ceiling = await insertCeiling(analytics, gen.revisions, { documents: true });
    const viewsCeiling = await insertCeiling(analytics, gen.revisions, { documents: false });
    log(
      `realistic: baseline, raw inserts of every row the views hold, documents included: ${round(ceiling)} rev/s (first time at ${round(firstRate / ceiling)}, rebuild at ${round(rebuildRateS / ceiling)} of it); of the view rows alone: ${round(viewsCeiling)} rev/s (rebuild at ${round(rebuildRateS / viewsCeiling)}); load average ${loadavg()[0].toFixed(1)} on 2 cores`,
    );
    return {
      realistic_revisions: gen.revisions,
      realistic_mean_bytes: round(gen.bytes / gen.revisions),
      baseline_realistic_raw_insert_rev_per_s: round(ceiling),
      realistic_first_time_rev_per_s: round(firstRate),
      ratio_realistic_first_time: round(firstRate / ceiling),
      realistic_first_time_rev_per_cpu_s: round(firstPerCpu),
      realistic_first_time_cores_busy: round(firstRate / firstPerCpu),
      realistic_first_time_cpu_s_per_1000_pages: round((1000 * firstCpuS) / gen.pages),
      ...(deriveCpuS === undefined ? {} : { realistic_first_time_derivation_cpu_share: round(deriveCpuS / firstCpuS) }),
      realistic_first_time_met: firstRate >= FIRST_TIME_GOAL_REV_S,
      realistic_rebuild_rev_per_s: round(rebuildRateS),
      ratio_realistic_rebuild: round(rebuildRateS / ceiling),
      baseline_realistic_raw_insert_views_rev_per_s: round(viewsCeiling),
      ratio_realistic_rebuild_to_views_insert: round(rebuildRateS / viewsCeiling),
      realistic_rebuild_documents_written: rebuilt.documentsWritten,
      realistic_rebuild_rev_per_cpu_s: round(rebuildPerCpu),
      realistic_rebuild_main_thread_cpu_s_per_1000_rev: round(rebuilt.mainCpuSPer1000),
      realistic_rebuild_regenerating_rev_per_s: round(regenerated.rate),
      realistic_rebuild_regenerating_main_thread_cpu_s_per_1000_rev: round(regenerated.mainCpuSPer1000),
      realistic_rebuild_cores_busy: round(rebuildRateS / rebuildPerCpu),
      realistic_rebuild_met: rebuildRateS >= REBUILD_GOAL_REV_S,
      realistic_rebuild_bytes_per_rev: round(written.uncompressed / gen.revisions),
      realistic_rebuild_compressed_bytes_per_rev: round(written.compressed / gen.revisions),
      load_average_1m: round(loadavg()[0]),
    };
  } finally {
    await pool.close();
    await store.close();
  }
}

/**
 * `okapi project --rebuild`: views dropped, then projected from offset 1; `fresh` also drops the
 * stored documents (a first projection has none). Counts the documents it writes.
 */
async function rebuildRate(
  store: EventStore,
  analytics: Analytics,
  derivations: ArticleDerivations,
  total: number,
  { fresh = false, regenerateDocuments = false } = {},
): Promise<{ rate: number; perCpuS: number; documentsWritten: number; mainCpuSPer1000: number }> {
  let documentsWritten = 0;
  const counting: Analytics = {
    ...analytics,
    insertJsonEachRow(table, rows, options) {
      if (table === TABLES.articleDocuments && typeof rows !== 'string') documentsWritten += rows.length;
      return analytics.insertJsonEachRow(table, rows, options);
    },
  };
  const runner = new ProjectionRunner(store, counting, { derivations });
  if (fresh) await analytics.exec(`DROP TABLE IF EXISTS ${TABLES.articleDocuments}`);
  await runner.rebuild({ regenerateDocuments });
  const cpu = process.cpuUsage();
  const main = mainThreadCpuS();
  const started = performance.now();
  const done = await runner.runUntilCaughtUp();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu); // every thread of the process: main, derivation workers, engine
  const mainCpuSPer1000 = (1000 * (mainThreadCpuS() - main)) / total;
  if (done.events < total) throw new Error(`projected ${done.events} events for ${total} revisions`);
  return {
    rate: total / seconds,
    perCpuS: total / ((used.user + used.system) / 1e6),
    documentsWritten,
    mainCpuSPer1000,
  };
}

/** CPU seconds of the main thread alone (Linux: /proc, in clock ticks of 10 ms); NaN elsewhere. */
function mainThreadCpuS(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15)
  } catch {
    return NaN;
  }
}

/**
 * Revisions per second the engine takes when given just the rows a projection writes: each
 * table's rows read back (every view, and with `documents` the Article documents they name, each
 * stored once), encoded as the runner encodes them (documents unescaped on chDB), then inserted
 * into an empty copy of its table in as many chunks as the runner had batches.
 */
async function insertCeiling(analytics: Analytics, revisions: number, { documents = true }): Promise<number> {
  const chunks = Math.ceil(revisions / CONFIG_DEFAULTS.projectBatchEvents);
  const documentColumns = analytics.kind === 'chdb' ? ['doc'] : [];
  const views = [
    ...(documents ? [{ table: TABLES.articleDocuments, objectColumns: documentColumns }] : []),
    { table: TABLES.revisions, objectColumns: [] },
    { table: TABLES.articlesCurrent, objectColumns: [] },
    { table: TABLES.articleVersionsHourly, objectColumns: [] },
  ];
  const payloads: { table: string; text: string }[] = [];
  for (const { table, objectColumns } of views) {
    const copy = `ceiling_${table}`;
    await analytics.exec(`CREATE TABLE ${copy} AS ${table}`);
    const rows = await analytics.query<object>(`SELECT * FROM ${table}`);
    const size = Math.ceil(rows.length / chunks);
    for (let i = 0; i < rows.length; i += size)
      payloads.push({ table: copy, text: toJsonEachRow(rows.slice(i, i + size), objectColumns) });
  }
  const started = performance.now();
  for (const p of payloads) await analytics.insertJsonEachRow(p.table, p.text);
  const seconds = (performance.now() - started) / 1000;
  for (const { table } of views) await analytics.exec(`DROP TABLE ceiling_${table}`);
  return revisions / seconds;
}

/** Bytes the views and documents hold after a rebuild (active parts, before and after compression). */
async function bytesWritten(
  analytics: Analytics,
): Promise<{ uncompressed: number; compressed: number; documents: number }> {
  const rows = await analytics.query<{ table: string; u: number | string; c: number | string }>(
    `SELECT table, sum(data_uncompressed_bytes) AS u, sum(data_compressed_bytes) AS c FROM system.parts
     WHERE database = currentDatabase() AND active AND table IN ${sqlList([...PROJECTIONS, TABLES.articleDocuments])}
     GROUP BY table`,
  );
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    uncompressed: sum((r) => Number(r.u)),
    compressed: sum((r) => Number(r.c)),
    documents: sum((r) => (r.table === TABLES.articleDocuments ? Number(r.u) : 0)),
  };
}
