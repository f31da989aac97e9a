import { openRuntime } from '@okapi/adapters/runtime/open-runtime';
import { stderrLog } from '../../../ingest/src/source.log';
import { liveSourcesWorker } from '../../../ingest/src/live-sources.worker';
import { startMetricsServer } from '../../../ingest/src/metrics.server';
import { flagInt, UsageError } from '../cli-args';
import { CliCommand } from '../command';

/**
 * The `ingest` role on its own: follows the live sources in OKAPI_SOURCES into the event store
 * until SIGINT/SIGTERM. Safe to kill at any moment: each source resumes from its checkpoint.
 */
export const command: CliCommand = {
  name: 'ingest',
  summary: 'follow the live sources in OKAPI_SOURCES (EventStreams, generator) into the event store',
  usage: 'ingest [--metrics-port N]',
  flags: ['metrics-port'],
  async run(args, ctx) {
    if (args.positionals.length) throw new UsageError('takes no arguments (configure OKAPI_SOURCES)');
    if ((ctx.config.sources ?? []).length === 0)
      throw new UsageError('no live source configured: set OKAPI_SOURCES, e.g. eventstreams:enwiki');
    const metricsPort = flagInt(args, 'metrics-port');
    const runtime = await openRuntime(ctx.config);
    const log = stderrLog(ctx.config.logLevel, ctx.io.stderr);
    const worker = liveSourcesWorker(runtime, log)!;
    let metrics: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
    try {
      if (metricsPort !== undefined) metrics = await startMetricsServer(metricsPort, ctx.config.host);
      if (metrics) log.info(`ingest: metrics at ${metrics.url}/metrics`);
      log.info(`ingest: starting ${worker.name}`);
      await worker.start();
      if (!ctx.stopSignal.aborted)
        await new Promise((resolve) => ctx.stopSignal.addEventListener('abort', resolve, { once: true }));
      log.info('ingest: stopping');
      await worker.stop();
      ctx.io.stdout.write(`${JSON.stringify({ stopped: true, head: Number(await runtime.eventStore.head()) })}\n`);
    } finally {
      await metrics?.close();
      await runtime.close();
    }
    return 0;
  },
};
