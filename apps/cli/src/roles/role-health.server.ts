import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { metricsRegistry } from '@okapi/adapters/metrics';
import { checkReadiness, ReadinessCheck } from '@okapi/adapters/runtime';
import { ROLE_PROBES } from './role-definitions';

export interface HealthServer {
  readonly url: string;
  close(): Promise<void>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * `/healthz`, `/readyz` and `/metrics` for a role without the HTTP API (ingest, projector,
 * publisher, scheduler), with the same bodies the API serves: liveness is "the process answers",
 * readiness runs every check (stores, workers) in parallel and answers 503 naming the failures.
 */
export async function startHealthServer(
  port: number,
  host: string,
  checks: readonly ReadinessCheck[],
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => void route(req, res, checks));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(req: IncomingMessage, res: ServerResponse, checks: readonly ReadinessCheck[]): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { status: 405, message: 'Method Not Allowed' });
    return;
  }
  try {
    if (path === ROLE_PROBES.liveness) {
      send(res, 200, { status: 'ok' });
      return;
    }
    if (path === ROLE_PROBES.readiness) {
      const result = await checkReadiness(checks);
      send(res, result.status === 'fail' ? 503 : 200, result);
      return;
    }
    if (path === ROLE_PROBES.metrics) {
      const body = await metricsRegistry.metrics();
      return void res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body);
    }
    send(res, 404, { status: 404, message: 'Not Found' });
  } catch (e) {
    send(res, 500, { status: 500, message: (e as Error).message });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, JSON_TYPE).end(JSON.stringify(body));
}
