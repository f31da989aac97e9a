import { Global, Inject, Logger, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OkapiConfig } from '@okapi/adapters/config';
import { CONFIG } from '@okapi/adapters/runtime';
import { JsonLogger } from '@okapi/adapters/logging';
import { REQUEST_TRACKER, RequestTracker } from './request-tracker';

/** Structured JSON logs for the whole app, request ids and HTTP metrics on every route. */
@Global()
@Module({
  providers: [
    {
      provide: REQUEST_TRACKER,
      useFactory: (config: OkapiConfig) => new RequestTracker(new JsonLogger(config.logLevel)),
      inject: [CONFIG],
    },
  ],
  exports: [REQUEST_TRACKER],
})
export class LoggingModule implements NestModule {
  constructor(
    @Inject(CONFIG) config: OkapiConfig,
    @Inject(REQUEST_TRACKER) private readonly tracker: RequestTracker,
  ) {
    Logger.overrideLogger(new JsonLogger(config.logLevel));
  }

  configure(consumer: MiddlewareConsumer): void {
    const tracker = this.tracker;
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        tracker.track(req, res);
        next();
      })
      .forRoutes('*');
  }
}
