import { buildBatchHour, parseHour } from '@okapi/adapters/bulk/bulk-jobs';
import { openBulk, readModelOf } from '@okapi/adapters/bulk/open-bulk';
import { openRuntime } from '@okapi/adapters/runtime/open-runtime';
import { flagString, UsageError } from '../cli-args';
import { CliCommand } from '../command';
import { reporter } from './snapshot.command';

/**
 * `okapi batch --hour YYYY-MM-DDTHH`: writes `batches/{date}/{HH}/{wiki}_namespace_{ns}.tar.gz`
 * (+ metadata) with the latest version of every page changed in that UTC hour, deletes included.
 * stdout: one JSON metadata object per batch file; stderr: progress.
 */
export const command: CliCommand = {
  name: 'batch',
  summary: 'build the hourly WME batches (changed articles of one UTC hour, deletes included)',
  usage: 'batch --hour YYYY-MM-DDTHH',
  flags: ['hour'],
  async run(args, ctx) {
    const hour = flagString(args, 'hour');
    if (!hour) throw new UsageError('--hour YYYY-MM-DDTHH is required');
    try {
      parseHour(hour);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const runtime = await openRuntime(ctx.config, { readOnly: true });
    const bulk = await openBulk(ctx.config);
    try {
      const results = await buildBatchHour(readModelOf(runtime), bulk.exporter, hour, reporter(ctx.io, Date.now()), ctx.stopSignal);
      ctx.io.stderr.write(`okapi batch: ${results.length} batch file${results.length === 1 ? '' : 's'} for ${parseHour(hour).start}\n`);
      return 0;
    } finally {
      await bulk.close();
      await runtime.close();
    }
  },
};
