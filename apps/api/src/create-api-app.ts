import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Runtime } from '@okapi/adapters/runtime/runtime';
import { AppModule } from './app.module';
import { OkapiExceptionFilter } from './core/okapi-exception.filter';
import { setupDocs } from './docs/setup-docs';
import { bodyParserErrors } from './logging/body-errors.middleware';
import { allowedHostsMiddleware, hostPolicy } from './security/allowed-hosts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the Nest HTTP app over an opened runtime; the caller listens and closes. */
export async function createApiApp(
  runtime: Runtime,
  options: { logger?: false | Logger } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), {
    bodyParser: false,
    logger: options.logger === false ? false : ['error', 'warn'],
  });
  // Before anything else (the lookup fast path checks the same policy): DNS rebinding.
  app.use(allowedHostsMiddleware(hostPolicy(runtime.config)));
  // WME clients send JSON bodies on GET as well as POST; parse them on every method.
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] });
  app.use(bodyParserErrors());
  app.useGlobalFilters(new OkapiExceptionFilter());
  setupDocs(app);
  return app;
}
