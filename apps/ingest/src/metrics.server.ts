import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { metricsRegistry } from '@okapi/adapters/metrics/metrics.registry';

/**
 * `/metrics` (Prometheus) and `/healthz` for the stand-alone ingest role, which has no API
 * process to serve them. `okapi start` serves the same registry through the API instead.
 */
export async function startMetricsServer(port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (req.url !== '/metrics')
      return void res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"status":404,"message":"Not Found"}');
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
      (e: Error) => res.writeHead(500).end(e.message),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://${host}:${bound}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
