/** Health probes: never shed nor counted, they must answer under load. */
export const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
/**
 * Realtime and replay streams: long-lived connections, not queued work, so they hold no request
 * slot; but opening one costs about a millisecond, so at most STREAMS_PER_TURN are opened per
 * event-loop turn and the rest wait for the next turns (a burst of connects does not stall
 * everything else, probes included).
 */
export const STREAMS = new Set(['/v2/articles', '/v2/events']);
export const STREAMS_PER_TURN = 8;

/**
 * `transfer`: a bulk file download (`.../download`), long-lived like a stream: it counts in the
 * turn it arrives in but holds no in-flight slot while its bytes go out (WME clients fetch a file
 * in ten parallel ranges; they must not starve lookups of slots).
 */
export type Kind = 'probe' | 'stream' | 'transfer' | 'request';

export function kindOf(url: string | undefined): Kind {
  if (url === undefined) return 'request';
  const q = url.indexOf('?');
  let path = (q < 0 ? url : url.slice(0, q)).toLowerCase();
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (PROBES.has(path)) return 'probe';
  if (STREAMS.has(path)) return 'stream';
  return path.endsWith('/download') ? 'transfer' : 'request';
}
