import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Runtime } from '@okapi/adapters/runtime';
import { AppModule } from './app.module';
import { OkapiExceptionFilter } from './core/okapi-exception.filter';
import { answerClientErrors } from './core/client-errors';
import { shedConnections } from './core/connection-shedder';
import { registeredRoutes } from './core/registered-routes';
import { containRequestFaults, runInRequestScope } from './core/request-scope';
import { MAX_BODY_BYTES } from './core/request-limits';
import { jsonBodyReviver, parseQueryString } from './core/request-parsers';
import { setupDocs } from './docs/setup-docs';
import { ReadinessCheck } from '@okapi/adapters/runtime';
import { bodyParserErrors } from './logging/body-errors.middleware';
import { allowedHostsMiddleware, hostPolicy } from './security/allowed-hosts';
import { verifyJsonDepth } from './security/json-depth';

export { MAX_BODY_BYTES };

/**
 * Pending connections the listening socket queues (Node's default is 511; Linux caps it at
 * net.core.somaxconn, 4096 on current kernels). A burst of connects past the queue is dropped,
 * and a dropped SYN costs its client a 1 s retransmit, then 3 s, 7 s: measured with 2,000 clients
 * connecting at once (`okapi bench load`), requests on late connections waited seconds before the
 * server could even read them. Queued in the kernel instead, they are accepted as fast as the
 * event loop gets to them (and refused at once with 503 when over the in-flight bound).
 */
export const LISTEN_BACKLOG = 4096;

/** `app.listen(port, host)` with LISTEN_BACKLOG: Nest hands its arguments to http.Server#listen, its typing knows no backlog. */
export function listenApi(app: INestApplication, port: number, host: string): Promise<unknown> {
  const nest = app as unknown as { listen(port: number, host: string, backlog: number): Promise<unknown> };
  return nest.listen(port, host, LISTEN_BACKLOG);
}

/** Builds the Nest HTTP app over an opened runtime; the caller listens and closes. */
export async function createApiApp(
  runtime: Runtime,
  options: { logger?: false | Logger; modules?: readonly Type[]; readiness?: readonly ReadinessCheck[] } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRuntime(runtime, options.modules, options.readiness),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options as a class and documents object literals for them.
    {
      bodyParser: false,
      logger: options.logger === false ? false : ['error', 'warn'],
    },
  );
  const filter = new OkapiExceptionFilter(() => registeredRoutes(app));
  // What Node's parser refuses before any handler (bad request line, huge headers) gets a WME body too.
  answerClientErrors(app.getHttpServer());
  // Past OKAPI_MAX_CONNECTIONS, a new connection is refused before Node's HTTP parser sees it.
  shedConnections(app.getHttpServer(), runtime.config.maxConnections);
  // Everything a request runs, however detached (stream callbacks, timers), fails that request
  // only: an uncaught exception becomes its 500 (or a cut stream), never the process's end.
  containRequestFaults((e, { req, res }) => filter.fail(e, req, res));
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => runInRequestScope(req, res, next));
  // Before anything else (the lookup fast path checks the same policy): DNS rebinding.
  app.use(allowedHostsMiddleware(hostPolicy(runtime.config)));
  // No request value becomes a key of a plain object: parsed queries and bodies have no prototype.
  app.set('query parser', parseQueryString);
  // WME clients send JSON bodies on GET as well as POST; parse them on every method.
  // Nesting is checked on the raw bytes before parsing (400 request.json_too_deep).
  app.useBodyParser('json', {
    limit: MAX_BODY_BYTES,
    type: ['application/json', 'application/*+json'],
    verify: verifyJsonDepth,
    reviver: jsonBodyReviver,
  });
  app.use(bodyParserErrors());
  app.useGlobalFilters(filter);
  setupDocs(app);
  return app;
}
