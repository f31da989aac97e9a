/**
 * The client address the login throttle keys on. Behind `hops` trusted reverse proxies (an
 * ingress, a load balancer: OKAPI_TRUST_PROXY), each appends the address it saw to
 * X-Forwarded-For, so the client is the entry `hops` places from the right of
 * [...X-Forwarded-For, peer]; entries further left are the client's own claims and never used.
 * Without a proxy (hops 0) it is the TCP peer: otherwise every client behind one proxy would
 * share one throttle, and anyone could slow everyone's logins.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const chain = [
    ...[forwardedFor ?? []]
      .flat()
      .join(',')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    peer ?? 'unknown',
  ];
  return normalize(chain[Math.max(0, chain.length - 1 - hops)]);
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
