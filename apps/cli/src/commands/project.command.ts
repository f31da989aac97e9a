import { Analytics, AnalyticsLockedError } from '@okapi/adapters/clickhouse';
import { projectionRunnerFor } from '@okapi/adapters/clickhouse';
import { liveServerAddress } from '@okapi/adapters/runtime';
import { CliCommand } from '../command';
import { withRuntime } from '../composition';

/**
 * `okapi project [--rebuild]`: projects the event store into the ClickHouse views until it has
 * caught up with the head seen at start, then exits. `--rebuild` drops every view and its
 * checkpoints first and replays from offset 0; the stored Article documents stay, and one stored in
 * the current format (DOCUMENT_FORMAT_VERSION) is not built again unless `--documents` (every
 * document built and compared by its bytes, as before that format was stored). Prints one JSON
 * summary line on stdout; `--progress` adds a JSON line `{offset, head}` per written batch on stderr.
 */
export const command: CliCommand = {
  name: 'project',
  summary:
    'run the ClickHouse projections until caught up (--rebuild: drop every view, replay from 0; --documents: also build every Article document again)',
  usage: 'project [--rebuild [--documents]] [--progress]',
  flags: ['rebuild', 'documents', 'progress'],
  async run(args, ctx) {
    const server = ctx.config.clickhouseUrl ? undefined : liveServerAddress(ctx.config.dataDir);
    if (server) {
      throw new Error(
        `the server on port ${server.port} (pid ${server.pid}) holds ${ctx.config.dataDir} and projects live; stop it first (or use okapi sql to read)`,
      );
    }
    return withRuntime(ctx.config, {}, async (runtime) => {
      const started = performance.now();
      try {
        const runner = projectionRunnerFor(runtime);
        if (args.flags.documents && !args.flags.rebuild) throw new Error('--documents goes with --rebuild');
        if (args.flags.rebuild) {
          await runner.rebuild({ regenerateDocuments: Boolean(args.flags.documents) });
          ctx.io.stderr.write('okapi project: dropped every view; replaying from offset 0\n');
        }
        const before = await runner.lag();
        const done = await runner.runUntilCaughtUp(ctx.stopSignal, (b) => {
          if (ctx.io.interactive) ctx.io.stderr.write(`\rokapi project: offset ${b.lastOffset} of ${before.head}`);
          // --progress: one JSON line per written batch on stderr, for scripts that watch the run.
          else if (args.flags.progress)
            ctx.io.stderr.write(`${JSON.stringify({ offset: b.lastOffset, head: before.head })}\n`);
        });
        if (ctx.io.interactive) ctx.io.stderr.write('\n');
        // Nothing else reads these views while this runs: the documents that only the rows of this
        // run's earlier batches named go now, not a sweep interval later (the follow loop's grace).
        const orphansSwept = ctx.stopSignal.aborted ? 0 : await runner.sweepOrphanDocumentsNow();
        await mutationsDone(runtime.analytics);
        const after = await runner.lag();
        const seconds = (performance.now() - started) / 1000;
        ctx.io.stdout.write(
          `${JSON.stringify({ ...done, orphans_swept: orphansSwept, from: before.checkpoint, checkpoint: after.checkpoint, head: after.head, lag: after.events, seconds: Math.round(seconds * 1000) / 1000, engine: runtime.analytics.kind })}\n`,
        );
        return ctx.stopSignal.aborted ? 130 : 0;
      } catch (e) {
        if (e instanceof AnalyticsLockedError) {
          throw new Error(
            `${e.message}: \`okapi start\` is running and projects live; stop it first (or use okapi sql to read)`,
            { cause: e },
          );
        }
        throw e;
      }
    });
  },
};

/**
 * The sweep's deletes, and those of documents a rebuild rewrote with other bytes, are ClickHouse
 * mutations, which run in the background (18.16 cannot wait for one): the command ends once they
 * are done, so what it reports is what a reader finds.
 */
async function mutationsDone(analytics: Analytics, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await analytics.query<{ n: number }>(
      "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table = 'article_documents' AND is_done = 0",
    );
    if (row.n === 0) return;
    if (Date.now() > until) throw new Error('the document deletions did not finish within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}
