import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EventStore, RecordedEvent, Subscription, toOffset } from '@okapi/domain';
import { negotiateFormat, parseOffset, queryError, readRequest, StreamFormat } from '@okapi/projections';
import { OkapiConfig } from '@okapi/adapters/config';
import { unprocessable } from '@okapi/adapters/errors';
import { CONFIG, EVENT_STORE } from '@okapi/adapters/runtime';
import { openStream } from '../realtime/realtime.service';
import { whenDrained } from '@okapi/adapters/streams';

interface ReplayRequest {
  /** First offset to send (inclusive). */
  readonly from: number;
  /** Stop after this many events; undefined: follow forever. */
  readonly limit?: number;
  readonly format: StreamFormat;
}

const KNOWN = ['from', 'limit'];

/** One line per event, the same shape as `okapi events`. */
function line(e: RecordedEvent): string {
  return JSON.stringify({ offset: e.offset, stream: e.stream, type: e.type, data: e.data, recorded_at: e.recordedAt });
}

function frame(format: StreamFormat, e: RecordedEvent): string {
  return format === 'sse' ? `event: message\nid: ${e.offset}\ndata: ${line(e)}\n\n` : `${line(e)}\n`;
}

/**
 * `GET /v2/events?from=N`: the raw domain-event log from offset N (inclusive; 0 = everything),
 * then live. Each client reads the store through its own subscription, pulled with
 * backpressure, so a slow reader only slows itself.
 */
@Injectable()
export class EventsReplayService implements OnModuleDestroy {
  private readonly open = new Set<() => void>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: OkapiConfig,
  ) {}

  async replay(req: Request, res: Response): Promise<void> {
    const r = await this.parse(req);
    const sub = this.store.subscribe(toOffset(r.from));
    const end = (): void => void sub.close();
    this.open.add(end);
    res.on('close', end);
    openStream(req, res, r.format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson');
    const heartbeat = setInterval(
      () => res.write(r.format === 'sse' ? ': heartbeat\n\n' : '\n'),
      this.config.heartbeatMs,
    );
    try {
      await this.pump(sub, res, r);
    } finally {
      clearInterval(heartbeat);
      this.open.delete(end);
      await sub.close();
      res.end();
    }
  }

  private async pump(sub: Subscription, res: Response, r: ReplayRequest): Promise<void> {
    let sent = 0;
    for await (const e of sub) {
      if (res.destroyed) return;
      if (!res.write(frame(r.format, e))) await whenDrained(res);
      if (r.limit !== undefined && ++sent >= r.limit) return;
    }
  }

  private async parse(req: Request): Promise<ReplayRequest> {
    const query = readRequest(req.query, undefined, KNOWN);
    const head = Number(await this.store.head());
    const lastEventId = req.header('last-event-id');
    const from = lastEventId
      ? parseOffset(lastEventId, 'Last-Event-ID') + 1
      : query.get('from') !== undefined
        ? parseOffset(query.get('from'), 'from')
        : head + 1;
    if (from > head + 1)
      throw unprocessable(
        'stream.invalid_offset',
        `from ${from} is beyond the head of the log (${head}); at most ${head + 1}`,
      );
    const limit = query.get('limit') !== undefined ? parseLimit(query.get('limit')) : undefined;
    return { from, limit, format: negotiateFormat(req.header('accept')) };
  }

  onModuleDestroy(): void {
    for (const end of this.open) end();
  }
}

function parseLimit(v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1))
    throw queryError('request.invalid_limit', `"limit" must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}
