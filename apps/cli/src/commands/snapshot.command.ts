import { buildAsOfSnapshots, parseAsOf } from '@okapi/adapters/bulk';
import { ExportResult } from '@okapi/adapters/bulk';
import { buildSnapshots, SnapshotSelection } from '@okapi/adapters/bulk';
import { cliReadModel } from '@okapi/adapters/bulk';
import { openBulk } from '@okapi/adapters/bulk';
import { join } from 'node:path';
import { wmeTimestamp } from '@okapi/domain';
import { flagInt, flagString, UsageError } from '../cli-args';
import { CliCommand, CliIo } from '../command';
import { withRuntime } from '../composition';

/**
 * `okapi snapshot [--wiki W] [--namespace N] [--as-of OFFSET|RFC3339]`: writes
 * `snapshots/{wiki}_namespace_{ns}.tar.gz` (+ chunks + metadata) under the data dir, for every live
 * wiki+namespace or the selected ones. `--as-of` folds the event log instead and writes under
 * `history/{asOf}/` so the daily snapshots served over HTTP stay untouched.
 * stdout: one JSON metadata object per snapshot; stderr: progress.
 */
export const command: CliCommand = {
  name: 'snapshot',
  summary: 'build WME snapshots (tar.gz of NDJSON Articles + chunks + metadata) from the current articles',
  usage: 'snapshot [--wiki W] [--namespace N] [--as-of OFFSET|RFC3339]',
  flags: ['wiki', 'namespace', 'as-of'],
  async run(args, ctx) {
    const selection: SnapshotSelection = {
      wiki: wikiFlag(flagString(args, 'wiki')),
      namespace: flagInt(args, 'namespace'),
    };
    const asOfRaw = flagString(args, 'as-of');
    const asOf = asOfRaw === undefined ? undefined : parseAsOfFlag(asOfRaw);
    return withRuntime(ctx.config, { readOnly: true }, async (runtime) => {
      const root =
        asOfRaw !== undefined
          ? join(ctx.config.dataDir, 'history', asOfRaw.replace(/[^0-9A-Za-z.-]/g, '_'))
          : undefined;
      const bulk = await openBulk(ctx.config, root);
      const started = Date.now();
      try {
        const report = reporter(ctx.io, started);
        const results = asOf
          ? await buildAsOfSnapshots(
              runtime.eventStore,
              bulk.exporter,
              asOf,
              selection,
              report,
              ctx.stopSignal,
              runtime.derivations,
            )
          : await buildSnapshots(
              cliReadModel(runtime),
              bulk.exporter,
              selection,
              report,
              ctx.stopSignal,
              runtime.deadLetters,
            );
        if (results.length === 0 && (selection.wiki !== undefined || selection.namespace !== undefined)) {
          ctx.io.stderr.write(
            `okapi snapshot: no live articles for${selection.wiki ? ` wiki ${selection.wiki}` : ''}${selection.namespace !== undefined ? ` namespace ${selection.namespace}` : ''}\n`,
          );
          return 1;
        }
        ctx.io.stderr.write(
          `okapi snapshot: ${results.length} snapshot${results.length === 1 ? '' : 's'} in ${bulk.store.root}\n`,
        );
        return 0;
      } finally {
        await bulk.close();
      }
    });
  },
};

function wikiFlag(raw: string | undefined): string | undefined {
  if (raw !== undefined && !/^[a-z0-9_]+$/.test(raw))
    throw new UsageError(`--wiki "${raw}" is not a wiki id (e.g. enwiki)`);
  return raw;
}

function parseAsOfFlag(raw: string): ReturnType<typeof parseAsOf> {
  try {
    return parseAsOf(raw);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Prints each published file: its metadata JSON as the API serves it (WME's date format) on
 * stdout, a human line on stderr.
 */
export function reporter(io: CliIo, started: number): (r: ExportResult) => void {
  return (r) => {
    const meta = { ...r.meta, date_modified: wmeTimestamp(r.meta.date_modified) };
    io.stdout.write(
      `${JSON.stringify({ ...(r.product ? { product: r.product } : {}), ...meta, articles: r.lines })}\n`,
    );
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const chunks = r.chunks.length ? `, ${r.chunks.length} chunk${r.chunks.length === 1 ? '' : 's'}` : '';
    const what = r.product ? ` (${r.product})` : '';
    io.stderr.write(
      `  ${r.meta.identifier}${what}: ${r.lines} articles, ${r.meta.size.value} MB${chunks} (${secs} s)\n`,
    );
  };
}
