import { projectionRunnerFor, VIEWS_CONSUMER } from '@okapi/adapters/clickhouse';
import { BULK_CONSUMER, retryBulkLetters } from '@okapi/adapters/bulk';
import { DERIVATION_CONSUMER } from '@okapi/adapters/derivations';
import { liveServerAddress } from '@okapi/adapters/runtime';
import { UsageError } from '../cli-args';
import { CliCommand } from '../command';
import { withRuntime } from '../composition';

/**
 * `okapi dead-letters list|retry [--consumer C]`: the events a consumer (views, publisher, bulk,
 * derivation) set aside. `list` prints one JSON line per letter (oldest offset first). `retry`
 * replays the views' letters and re-checks the bulk ones after a fix: those that now land are
 * removed, the others stay with one more attempt; publisher and derivation letters are listed as
 * skipped. It prints one JSON
 * summary and exits 1 while some still fail.
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
    return withRuntime(ctx.config, {}, async (runtime) => {
      const letters = await runtime.deadLetters.list(consumer);
      if (action === 'list') {
        for (const l of letters) ctx.io.stdout.write(`${JSON.stringify(l)}\n`);
        return 0;
      }
      const of = (c: string) => letters.filter((l) => l.consumer === c).map((l) => l.offset);
      const views = of(VIEWS_CONSUMER);
      const bulk = of(BULK_CONSUMER);
      // The firehose is in offset order: a late Article would break resumption. The page's next
      // change, on-demand and snapshots carry it; the letter stays as a record.
      const skipped = letters
        .filter((l) => l.consumer !== VIEWS_CONSUMER && l.consumer !== BULK_CONSUMER)
        .map((l) => ({
          consumer: l.consumer,
          offset: l.offset,
          reason:
            l.consumer === DERIVATION_CONSUMER
              ? 'not replayable: delivered without derived parts; the failure stays cached until DERIVER_VERSION changes'
              : 'not replayable: the firehose keeps offset order',
        }));
      const server = ctx.config.clickhouseUrl ? undefined : liveServerAddress(ctx.config.dataDir);
      if ((views.length || bulk.length) && server)
        throw new Error(
          `the server on port ${server.port} (pid ${server.pid}) holds the embedded views in ${ctx.config.dataDir}; stop it first, then retry`,
        );
      const v = views.length ? await projectionRunnerFor(runtime).retry(views) : { landed: [], failed: [] };
      const b = bulk.length
        ? await retryBulkLetters(runtime.analytics, runtime.deadLetters, bulk)
        : { landed: [], failed: [] };
      const outcome = { landed: [...v.landed, ...b.landed], failed: [...v.failed, ...b.failed] };
      ctx.io.stdout.write(
        `${JSON.stringify({ consumer: consumer ?? 'all', retried: views.length + bulk.length, landed: outcome.landed, failed: outcome.failed, skipped })}\n`,
      );
      return outcome.failed.length ? 1 : 0;
    });
  },
};
