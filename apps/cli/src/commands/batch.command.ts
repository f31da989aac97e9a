import { buildBatchHour, parseHour, previousHour, pruneBatches } from '@okapi/adapters/bulk';
import { cliReadModel } from '@okapi/adapters/bulk';
import { openBulk } from '@okapi/adapters/bulk';
import { flagString, UsageError } from '../cli-args';
import { CliCommand } from '../command';
import { withRuntime } from '../composition';
import { reporter } from './snapshot.command';

/**
 * `okapi batch [--hour YYYY-MM-DDTHH]`: writes `batches/{date}/{HH}/{wiki}_namespace_{ns}.tar.gz`
 * (+ metadata) with the latest version of every page changed in that UTC hour, deletes included.
 * Without --hour: the last closed hour (what an hourly cron job wants), after which batch hours
 * past OKAPI_BATCH_RETENTION_HOURS are deleted, as the scheduler of `okapi start` does.
 * stdout: one JSON metadata object per batch file; stderr: progress.
 */
export const command: CliCommand = {
  name: 'batch',
  summary: 'build the WME batches of one UTC hour (default: the last closed hour), deletes included',
  usage: 'batch [--hour YYYY-MM-DDTHH]',
  flags: ['hour'],
  async run(args, ctx) {
    const explicit = flagString(args, 'hour');
    const hour = explicit ?? previousHour(Date.now());
    try {
      parseHour(hour);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return withRuntime(ctx.config, { readOnly: true }, async (runtime) => {
      const bulk = await openBulk(ctx.config);
      try {
        const results = await buildBatchHour(
          cliReadModel(runtime),
          bulk.exporter,
          hour,
          reporter(ctx.io, Date.now()),
          ctx.stopSignal,
        );
        // Cron mode only: an hour rebuilt on request is kept even when older than the retention.
        const pruned = explicit ? 0 : await pruneBatches(bulk.store, Date.now(), ctx.config.batchRetentionHours);
        ctx.io.stderr.write(
          `okapi batch: ${results.length} batch file${results.length === 1 ? '' : 's'} for ${parseHour(hour).start}${pruned ? `, ${pruned} expired hour(s) removed` : ''}\n`,
        );
        return 0;
      } finally {
        await bulk.close();
      }
    });
  },
};
