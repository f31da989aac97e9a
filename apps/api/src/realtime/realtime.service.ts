import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventStore } from '@okapi/domain';
import { parseStreamRequest, StreamRequest, DerivationResolver } from '@okapi/projections';
import { ArticleBus } from '@okapi/projections';
import { OkapiConfig } from '@okapi/adapters/config';
import { OkapiError, unavailable } from '@okapi/adapters/errors';
import { ARTICLE_BUS, ARTICLE_DERIVATIONS, CONFIG, EVENT_STORE } from '@okapi/adapters/runtime';
import { ArticleHub } from './article-hub';
import { resolveStart } from './stream-start-resolver';
import { StreamSession } from './stream-session';

const HUB_READY_MS = 5000;

/** Validates a realtime request completely (4xx before any byte), then runs its session. */
@Injectable()
export class RealtimeService {
  constructor(
    private readonly hub: ArticleHub,
    @Inject(ARTICLE_BUS) private readonly bus: ArticleBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: OkapiConfig,
    @Inject(ARTICLE_DERIVATIONS) private readonly derivations: DerivationResolver,
  ) {}

  async stream(req: Request, res: Response): Promise<void> {
    const request = this.parse(req);
    const start = await resolveStart(this.store, request.start, request.partitions);
    await this.hubReady();
    const session = new StreamSession(
      res,
      request,
      this.hub,
      { bus: this.bus, store: this.store, derivations: this.derivations },
      {
        heartbeatMs: this.config.heartbeatMs,
        maxQueued: this.config.streamClientBuffer,
      },
    );
    openStream(req, res, request.format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson');
    try {
      await session.run(start);
    } catch (e) {
      session.fail(e as Error); // headers are sent: end with an error event the client can resume from
    }
  }

  private parse(req: Request): StreamRequest {
    const lastEventId = req.header('last-event-id');
    return parseStreamRequest(
      {
        query: req.query,
        body: hasBody(req) ? req.body : undefined,
        lastEventId,
        accept: req.header('accept'),
        extras: req.header('okapi-stream-extras'),
      },
      Date.now(),
    );
  }

  private async hubReady(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable('stream.unavailable', 'the firehose bus is not reachable; retry shortly')),
        HUB_READY_MS,
      );
    });
    try {
      await Promise.race([this.hub.ready(), timeout]);
    } catch (e) {
      if (e instanceof OkapiError) throw e;
      throw unavailable('stream.unavailable', `the firehose bus is not reachable: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** express's JSON parser leaves `{}` when there was no body; only a real body counts. */
function hasBody(req: Request): boolean {
  return (
    req.body !== undefined &&
    !(
      typeof req.body === 'object' &&
      req.body !== null &&
      !Array.isArray(req.body) &&
      Object.keys(req.body as object).length === 0
    )
  );
}

/** Streaming headers: no caching, no proxy buffering, no socket timeout. */
export function openStream(req: Request, res: Response, contentType: string): void {
  req.socket.setTimeout(0);
  req.socket.setNoDelay(true);
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
}
