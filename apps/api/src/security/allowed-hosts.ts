import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction } from 'express';
import { errorBody } from '../core/okapi-exception.filter';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Distinct Host headers whose decision is remembered (past it, the memory starts over). */
const DECIDED_HOSTS_MAX = 256;

/** True for the addresses a server bound to is reachable from this machine only. */
function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host part of a Host header, lowercased, without port or trailing dot; undefined if malformed. */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const h = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(:\d{1,5})?$/.exec(h);
  return m ? m[1].replace(/\.$/, '') : undefined;
}

/**
 * Which Host headers the API answers (DNS rebinding: a page on evil.example whose name resolves
 * to 127.0.0.1 reaches a loopback server with `Host: evil.example`). The names: OKAPI_ALLOWED_HOSTS
 * when set (`*` = any), else the loopback names. Bound to another interface, any IP-address Host
 * is answered too (an address cannot be rebound; probes and load balancers use them).
 */
export function hostPolicy(config: {
  readonly host: string;
  readonly allowedHosts?: readonly string[];
}): (hostHeader: string | undefined) => boolean {
  const listed = config.allowedHosts;
  if (listed?.includes('*')) return () => true;
  const names = new Set(listed ?? LOOPBACK_NAMES);
  const addresses = !isLoopbackBind(config.host);
  const decide = (header: string | undefined): boolean => {
    const name = hostName(header);
    if (name === undefined) return false;
    return names.has(name) || (addresses && isIP(name.replace(/^\[|\]$/g, '')) !== 0);
  };
  // Asked on every request, about the few Host headers clients send: decisions are remembered.
  const decided = new Map<string, boolean>();
  return (header) => {
    if (header === undefined) return false;
    let ok = decided.get(header);
    if (ok === undefined) {
      ok = decide(header);
      if (decided.size >= DECIDED_HOSTS_MAX) decided.clear();
      decided.set(header, ok);
    }
    return ok;
  };
}

/** First middleware of the app: 421 with a stable code for a Host the policy refuses. */
export function allowedHostsMiddleware(allowed: (host: string | undefined) => boolean) {
  return (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
    if (allowed(req.headers.host)) return next();
    const body = errorBody(
      421,
      'request.host_not_allowed',
      'this server does not answer for that Host header (OKAPI_ALLOWED_HOSTS)',
    );
    res.writeHead(421, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    res.end(JSON.stringify(body));
  };
}
