import { projectionRunnerFor, VIEWS_CONSUMER } from '@okapi/adapters/clickhouse/projection-runner';
import { openRuntime } from '@okapi/adapters/runtime/open-runtime';
import { liveServerAddress } from '@okapi/adapters/runtime/server-address';
import { UsageError } from '../cli-args';
import { CliCommand } from '../command';

/**
 * `okapi dead-letters list|retry [--consumer C]`: the events a consumer (views, publisher, bulk)
 * set aside. `list` prints one JSON line per letter (oldest offset first). `retry` replays them
 * after a fix: those that now land are removed, the others stay with one more attempt; it prints
 * one JSON summary and exits 1 while some still fail.
 */
export const command: CliCommand = {
  name: 'dead-letters',
  summary: 'list the events a consumer set aside, or retry them after a fix (retry removes those that land)',
  usage: 'dead-letters list|retry [--consumer C]',
  flags: ['consumer'],
  async run(args, ctx) {
    const [action, ...rest] = args.positionals;
    if ((action !== 'list' && action !== 'retry') || rest.length) throw new UsageError('expects list or retry');
    const consumer = args.flags.consumer;
    if (consumer === true) throw new UsageError('--consumer needs a name (views, publisher, bulk)');
    const runtime = await openRuntime(ctx.config);
    try {
      const letters = await runtime.deadLetters.list(consumer);
      if (action === 'list') {
        for (const l of letters) ctx.io.stdout.write(`${JSON.stringify(l)}\n`);
        return 0;
      }
      const views = letters.filter((l) => l.consumer === VIEWS_CONSUMER).map((l) => l.offset);
      // Only the views replay from here; the publisher's and bulk jobs' letters are replayed by
      // those workers (not yet: listed as skipped).
      const skipped = letters
        .filter((l) => l.consumer !== VIEWS_CONSUMER)
        .map((l) => ({ consumer: l.consumer, offset: l.offset }));
      const server = ctx.config.clickhouseUrl ? undefined : liveServerAddress(ctx.config.dataDir);
      if (views.length && server)
        throw new Error(
          `the server on port ${server.port} (pid ${server.pid}) holds the embedded views in ${ctx.config.dataDir}; stop it first, then retry`,
        );
      const outcome = views.length ? await projectionRunnerFor(runtime).retry(views) : { landed: [], failed: [] };
      ctx.io.stdout.write(
        `${JSON.stringify({ consumer: consumer ?? 'all', retried: views.length, landed: outcome.landed, failed: outcome.failed, skipped })}\n`,
      );
      return outcome.failed.length ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};
