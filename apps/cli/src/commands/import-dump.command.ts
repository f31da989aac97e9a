import { existsSync } from 'node:fs';
import { importDump, ImportProgress, ImportStats } from '@okapi/adapters/sources/dump';
import { flagInt, flagString, UsageError } from '../cli-args';
import { CliCommand } from '../command';
import { withRuntime } from '../composition';
import { formatRate, progressBar, ProgressUpdate } from '../cli-progress';

/**
 * `okapi import-dump FILE`: streams the dump into the event store in batches of about N whole
 * pages (default 500, one transaction each). Progress bar on a terminal; one JSON line of counts on
 * stdout. A broken file fails with FILE:LINE:COLUMN after appending the pages before the break;
 * re-running appends only what is missing (revisions are recorded once, by id). `--wiki` names the
 * wiki only for dumps without `<siteinfo><dbname>`.
 */
export const command: CliCommand = {
  name: 'import-dump',
  summary: 'import a MediaWiki XML dump (.xml, .gz, .bz2; schema 0.8-0.11) into the event store',
  usage: 'import-dump FILE [--batch-pages N] [--wiki ID]',
  flags: ['batch-pages', 'wiki'],
  async run(args, ctx) {
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new UsageError('expects exactly one FILE');
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    const batchPages = flagInt(args, 'batch-pages', 1);
    const wiki = flagString(args, 'wiki');
    return withRuntime(ctx.config, {}, async (runtime) => {
      const bar = progressBar(ctx.io, 'import');
      const started = performance.now();
      const line = (p: ImportProgress): ProgressUpdate => ({
        done: p.fileBytesRead,
        total: p.fileBytes,
        text: `${p.pages} pages  ${p.revisions} revisions  ${formatRate(p.xmlBytes, (performance.now() - started) / 1000)}`,
      });
      let last: ImportProgress | undefined;
      let stats: ImportStats;
      try {
        stats = await importDump(file, runtime, {
          batchPages,
          wiki,
          signal: ctx.stopSignal,
          onProgress: (p) => bar.update(line((last = p))),
        });
      } finally {
        bar.finish(last && line(last));
      }
      const { wiki: w, pages, revisions, appended, duplicates, seconds } = stats;
      ctx.io.stdout.write(
        `${JSON.stringify({ file, wiki: w, pages, revisions, appended, duplicates, seconds: Math.round(seconds * 1000) / 1000 })}\n`,
      );
      return 0;
    });
  },
};
