/** The first line of an error's message, bounded: what dead letters and logs record. */
export function errorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.split('\n')[0].slice(0, 2000);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * An infrastructure failure (a store or the network not answering) rather than one event's
 * fault: retry and stall, never dead-letter. Consumers also probe the store before they blame an
 * event (see the projection runner's bisection).
 */
export function isInfrastructureFailure(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const err = x as { code?: unknown; status?: unknown; name?: unknown; message?: unknown };
    if (typeof err.code === 'string' && (NETWORK_CODES.has(err.code) || err.code.endsWith('.unavailable'))) return true;
    if (err.status === 503 || err.name === 'AbortError') return true;
    if (
      typeof err.message === 'string' &&
      /fetch failed|socket hang up|ECONNREFUSED|connect ETIMEDOUT/.test(err.message)
    )
      return true;
  }
  return false;
}
