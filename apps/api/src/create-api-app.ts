import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Runtime } from '@okapi/adapters/runtime';
import { AppModule } from './app.module';
import { OkapiExceptionFilter } from './core/okapi-exception.filter';
import { answerClientErrors } from './core/client-errors';
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

/** Builds the Nest HTTP app over an opened runtime; the caller listens and closes. */
export async function createApiApp(
  runtime: Runtime,
  options: { logger?: false | Logger; modules?: readonly Type[]; readiness?: readonly ReadinessCheck[] } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRuntime(runtime, options.modules, options.readiness),
    {
      bodyParser: false,
      logger: options.logger === false ? false : ['error', 'warn'],
    },
  );
  const filter = new OkapiExceptionFilter(() => registeredRoutes(app));
  // What Node's parser refuses before any handler (bad request line, huge headers) gets a WME body too.
  answerClientErrors(app.getHttpServer());
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
