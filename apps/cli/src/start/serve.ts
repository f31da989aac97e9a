import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { listenApi } from '@okapi/api';
import { OkapiConfig } from '@okapi/adapters/config';
import { liveServerAddress, removeServerAddress, serverAddressFile, writeServerAddress } from '@okapi/adapters/runtime';
import { CliContext } from '../command';
import { openApiApp, openProcess, untilAborted } from '../composition';
import { ROLES } from '../roles/role-definitions';
import { ensureConsoleBuilt } from './console-build';
import { portInUseMessage, portIsFree } from './port-probe';
import { chooseSources } from './default-sources';

export interface ServeOptions {
  /** Run the background workers (projector, publisher, live sources, bulk scheduler). */
  readonly workers: boolean;
  /** Open the event store read-only (the `api` role: SQLite has one writer, ingest). Default false. */
  readonly readOnly?: boolean;
}

/**
 * Opens the runtime, serves the HTTP API and (all-in-one) runs the background workers under a
 * WorkerSupervisor (a crashed worker restarts with backoff; /readyz shows each one) until
 * SIGINT/SIGTERM; then stops workers in reverse order, drains HTTP and closes the stores.
 * Prints one JSON line on stdout once listening: `{"listening":"http://…","head":N,"workers":[…]}`.
 */
export async function serve(ctx: CliContext, options: ServeOptions): Promise<number> {
  const { config, io } = ctx;
  // chDB allows one process per directory: a second server would run with views that never update.
  const other = config.clickhouseUrl ? undefined : liveServerAddress(config.dataDir);
  if (other) {
    throw new Error(
      `another server (pid ${other.pid}, port ${other.port}) already runs on ${config.dataDir}; stop it or use another OKAPI_DATA_DIR (if no such server runs, delete ${serverAddressFile(config.dataDir)})`,
    );
  }
  if (!(await portIsFree(config.port, config.host))) {
    io.stderr.write(portInUseMessage(config.port, config.host));
    return 1;
  }
  await ensureConsoleBuilt({ log: (line) => io.stderr.write(`okapi: ${line}\n`) });
  // All-in-one with OKAPI_SOURCES unset: live EventStreams when reachable, else the generator.
  const graph = await openProcess(options.workers ? await chooseSources(config, io.stderr) : config, {
    roles: options.workers ? ROLES.map((r) => r.name) : [],
    readOnly: options.readOnly ?? false,
    log: (line) => io.stderr.write(`okapi: ${line}\n`),
  });
  const { runtime, supervisor } = graph;
  try {
    const app = await openApiApp(graph, { workers: options.workers });
    if (!(await listen(app, config))) {
      io.stderr.write(portInUseMessage(config.port, config.host));
      return 1;
    }
    await supervisor.start();
    const port = ((app.getHttpServer() as Server).address() as { port: number }).port;
    writeServerAddress(config.dataDir, { pid: process.pid, port });
    const url = `http://${config.host}:${port}`;
    io.stderr.write(`okapi: listening on ${url} (data: ${config.dataDir}); Ctrl-C stops\n`);
    const consoleUrl = `http://${['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host}:${port}/`;
    io.stderr.write(
      `okapi: console at ${consoleUrl} (open it in a browser; sign in as admin or an OKAPI_USERS user)\n`,
    );
    io.stdout.write(
      `${JSON.stringify({ listening: url, console: consoleUrl, head: await runtime.eventStore.head(), workers: supervisor.names })}\n`,
    );
    await untilAborted(ctx.stopSignal);
    io.stderr.write('okapi: stopping\n');
    await supervisor.stop();
    await app.close();
    return 0;
  } finally {
    removeServerAddress(config.dataDir, process.pid);
    await graph.close();
  }
}

/** False (app closed) when the port was taken between the probe and now. */
async function listen(app: INestApplication, config: OkapiConfig): Promise<boolean> {
  try {
    await listenApi(app, config.port, config.host);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await app.close();
    return false;
  }
}
