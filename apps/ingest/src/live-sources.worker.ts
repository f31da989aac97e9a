import { PageCommandHandler } from '@okapi/domain';
import { OkapiConfig, SourceSpec } from '@okapi/adapters/config';
import { Runtime, Worker } from '@okapi/adapters/runtime';
import { CommandSink } from '@okapi/domain';
import { SourceLog } from '@okapi/adapters/sources/plumbing';
import { EventStreamsSource } from '@okapi/adapters/sources/eventstreams';
import { IngestCounters } from '@okapi/adapters/sources/eventstreams';
import { GeneratorSource } from '@okapi/adapters/sources/generator';
import { MediaWikiClient } from '@okapi/adapters/sources/mediawiki';
import { nestSourceLog } from '@okapi/adapters/sources/plumbing';
import { promised, toError } from '@okapi/adapters/errors';

interface RunnableSource {
  run(signal: AbortSignal): Promise<void>;
}

/**
 * The `ingest` role: every live source in OKAPI_SOURCES (`eventstreams:enwiki,dewiki`,
 * `generator:testwiki`) feeding one PageCommandHandler. Undefined when no source is configured.
 * Used by `okapi ingest` (sources only) and `okapi start` (next to the API and projectors).
 */
export function liveSourcesWorker(runtime: Runtime, log: SourceLog = nestSourceLog()): Worker | undefined {
  const specs = runtime.config.sources ?? [];
  if (specs.length === 0) return undefined;
  const sink = new PageCommandHandler(runtime.eventStore, { suspectThreshold: runtime.config.suspectThreshold });
  let stop: AbortController | undefined;
  let running: Promise<void> = Promise.resolve();
  return {
    name: `live sources (${specs.map((s) => `${s.kind}:${s.wikis.join(',')}`).join('; ')})`,
    start() {
      return promised(() => {
        stop = new AbortController();
        const signal = stop.signal;
        const sources = mergeEventStreams(specs).map((spec) => createSource(spec, runtime.config, sink, log, signal));
        // Sources retry from their checkpoint on their own; one that still throws (a bug) ends the
        // worker, and the supervisor restarts every source after a backoff.
        const ending = stop;
        running = (async () => {
          const runs = sources.map((s) =>
            s.run(signal).catch((e: unknown) => (ending.abort(), Promise.reject(toError(e)))),
          );
          const failed = (await Promise.allSettled(runs)).find((r) => r.status === 'rejected');
          if (!failed) return;
          const e = failed.reason as Error;
          log.error(`source stopped: ${e.stack ?? e.message}`);
          throw e;
        })();
      });
    },
    finished: () => running,
    async stop() {
      stop?.abort();
      await running.catch(() => undefined);
    },
  };
}

/**
 * All `eventstreams:` entries become ONE connection with the union of their wikis: one
 * checkpoint per stream, and EventStreams allows only 2 concurrent connections per client IP.
 */
export function mergeEventStreams(specs: readonly SourceSpec[]): SourceSpec[] {
  const wikis = [...new Set(specs.filter((s) => s.kind === 'eventstreams').flatMap((s) => s.wikis))];
  const others = specs.filter((s) => s.kind !== 'eventstreams');
  return wikis.length ? [{ kind: 'eventstreams', wikis }, ...others] : others;
}

export function createSource(
  spec: SourceSpec,
  config: OkapiConfig,
  sink: CommandSink,
  log: SourceLog,
  signal: AbortSignal,
): RunnableSource {
  if (spec.kind === 'generator') {
    return new GeneratorSource({
      wikis: spec.wikis.length ? spec.wikis : ['testwiki'],
      rate: config.generatorRate,
      sink,
      log,
    });
  }
  const retries = new IngestCounters('eventstreams');
  const mediawiki = new MediaWikiClient({
    apiUrlTemplate: config.mediawikiApiUrl,
    userAgent: config.userAgent,
    concurrency: config.mediawikiConcurrency,
    fetchHtml: config.fetchHtml,
    signal,
    onRetry: (what, attempt, error) => {
      retries.add('contentRetries');
      log.warn(`mediawiki: ${what} attempt ${attempt} failed (${error}); retrying`);
    },
  });
  return new EventStreamsSource({
    url: config.eventStreamsUrl,
    wikis: spec.wikis,
    dataDir: config.dataDir,
    userAgent: config.userAgent,
    since: config.eventStreamsSince,
    idleTimeoutMs: config.eventStreamsIdleTimeoutMs,
    sink,
    mediawiki,
    log,
  });
}
