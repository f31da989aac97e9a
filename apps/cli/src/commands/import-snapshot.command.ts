import { existsSync } from 'node:fs';
import { PageCommandHandler } from '@okapi/domain';
import { importSnapshot, SnapshotImportStats } from '@okapi/adapters/sources/snapshot';
import { flagInt, UsageError } from '../cli-args';
import { CliCommand } from '../command';
import { withRuntime } from '../composition';
import { formatRate, progressBar } from '../cli-progress';

/**
 * Imports a Wikimedia Enterprise snapshot (.tar.gz of NDJSON entries) or a plain / gzipped
 * NDJSON of WME Articles. Bad lines are reported as `FILE[:ENTRY]:LINE: reason` on stderr and
 * skipped; everything valid is kept, and the exit code is 1 when any line was rejected.
 */
export const command: CliCommand = {
  name: 'import-snapshot',
  summary: 'import a WME snapshot (.tar.gz of NDJSON) or an NDJSON of WME Articles into the event store',
  usage: 'import-snapshot FILE [--batch N]',
  flags: ['batch'],
  async run(args, ctx) {
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new UsageError('expects exactly one FILE');
    if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
    return withRuntime(ctx.config, {}, async (runtime) => {
      const bar = progressBar(ctx.io, 'import-snapshot');
      const started = performance.now();
      let stats: SnapshotImportStats;
      try {
        const sink = new PageCommandHandler(runtime.eventStore, { suspectThreshold: ctx.config.suspectThreshold });
        stats = await importSnapshot(file, sink, {
          batchSize: flagInt(args, 'batch', 1),
          signal: ctx.stopSignal,
          onRejected: (where, lineNo, reason) =>
            void ctx.io.stderr.write(`okapi import-snapshot: ${where}:${lineNo}: ${reason}\n`),
          onProgress: (s) =>
            bar.update({
              done: s.articles,
              text: `${s.articles} articles  ${formatRate(s.bytes, (performance.now() - started) / 1000)}`,
            }),
        });
      } finally {
        bar.finish();
      }
      const seconds = Math.round(performance.now() - started) / 1000;
      ctx.io.stdout.write(`${JSON.stringify({ file, ...stats, seconds })}\n`);
      return stats.rejected > 0 ? 1 : 0;
    });
  },
};
