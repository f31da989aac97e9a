import { Inject, Logger, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config/env.config';
import { CONFIG } from '@okapi/adapters/runtime/tokens';
import { JsonLogger } from './json-logger';
import { requestContext } from './request-context.middleware';

/** Structured JSON logs for the whole app, request ids and HTTP metrics on every route. */
@Module({})
export class LoggingModule implements NestModule {
  private readonly logger: JsonLogger;

  constructor(@Inject(CONFIG) config: OkapiConfig) {
    this.logger = new JsonLogger(config.logLevel);
    Logger.overrideLogger(this.logger);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContext(this.logger)).forRoutes('*');
  }
}
