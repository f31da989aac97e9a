import { OkapiConfig, SourceSpec } from '@okapi/adapters/config';

/** What a fresh `okapi start` follows when EventStreams answers, and what it runs offline. */
export const LIVE_DEFAULT: SourceSpec = { kind: 'eventstreams', wikis: ['enwiki'] };
export const OFFLINE_DEFAULT: SourceSpec = { kind: 'generator', wikis: ['testwiki'] };
/** Events per second of the offline generator: enough to watch, little enough to leave running. */
export const GENTLE_RATE = 2;
export const PROBE_TIMEOUT_MS = 3000;

export type ProbeResult = { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

/**
 * One short request to the EventStreams endpoint: reachable when it answers 200 with an event
 * stream within `timeoutMs`. The connection is closed at once (EventStreams allows two per IP).
 */
export async function probeEventStreams(
  url: string,
  userAgent: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ProbeResult> {
  try {
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', 'user-agent': userAgent },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && type.includes('text/event-stream')) return { reachable: true };
    return { reachable: false, reason: `HTTP ${res.status}${type ? ` ${type.split(';')[0]}` : ''}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') return { reachable: false, reason: `no answer within ${timeoutMs / 1000} s` };
    return { reachable: false, reason: err.cause?.code ?? err.cause?.message ?? err.message };
  }
}

/**
 * OKAPI_SOURCES as given; when it is unset, live Wikimedia EventStreams if it answers, otherwise
 * the synthetic generator at a gentle rate. Says on `stderr` which it chose and how to change it.
 */
export async function chooseSources(
  config: OkapiConfig,
  stderr: NodeJS.WritableStream,
  probe: typeof probeEventStreams = probeEventStreams,
): Promise<OkapiConfig> {
  if (config.sources !== undefined) return config;
  const result = await probe(config.eventStreamsUrl, config.userAgent);
  if (result.reachable) {
    stderr.write(
      `okapi: OKAPI_SOURCES is not set and EventStreams answers: following live Wikipedia edits (eventstreams:enwiki) from ${config.eventStreamsUrl}. Set OKAPI_SOURCES=eventstreams:WIKI,... to choose wikis, generator:testwiki for synthetic edits, or none.\n`,
    );
    return { ...config, sources: [LIVE_DEFAULT] };
  }
  const rate = Math.min(config.generatorRate, GENTLE_RATE);
  stderr.write(
    `okapi: OKAPI_SOURCES is not set and EventStreams is unreachable (${config.eventStreamsUrl}: ${result.reason}): running the synthetic generator (generator:testwiki, ${rate} events/s). Set OKAPI_SOURCES=eventstreams:enwiki to follow Wikipedia, or none for no live source; load real dumps with okapi import-dump FILE / okapi import-snapshot FILE.\n`,
  );
  return { ...config, sources: [OFFLINE_DEFAULT], generatorRate: rate };
}
