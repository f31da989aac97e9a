/**
 * Routes that fail on purpose, for fault-containment.e2e-spec.ts: mounted in the real app (under
 * its guard, filter and request scope) by faulty-server.child.ts. Never part of the product.
 */
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Module,
  NestInterceptor,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

class ThrowingInterceptor implements NestInterceptor {
  intercept(_ctx: ExecutionContext, _next: CallHandler): Observable<unknown> {
    throw new Error('interceptor bug');
  }
}

function* rows(failAt: number): Generator<string> {
  for (let i = 0; ; i++) {
    if (i === failAt) throw new Error(`row ${i} cannot be framed`);
    yield `{"row":${i}}\n`;
  }
}

@Controller('v2/test-faults')
class FaultsController {
  @Get('handler')
  handler(): never {
    throw new Error('handler bug');
  }

  @Get('async-handler')
  async asyncHandler(): Promise<never> {
    await new Promise((r) => setImmediate(r));
    throw new TypeError('async handler bug');
  }

  @Get('interceptor')
  @UseInterceptors(ThrowingInterceptor)
  intercepted(): string {
    return 'never';
  }

  /** The stream writer throws before the first byte: a plain 500. */
  @Get('stream-before')
  async streamBefore(@Res() res: Response): Promise<void> {
    res.type('application/x-ndjson');
    for (const line of rows(0)) if (!res.write(line)) await new Promise((r) => res.once('drain', r));
  }

  /** A Transform in the writer throws after some lines went out: the body is cut, never "complete". */
  @Get('stream-midway')
  async streamMidway(@Res() res: Response): Promise<void> {
    res.status(200).type('application/x-ndjson');
    let n = 0;
    const frame = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (++n === 50) throw new Error('writer bug');
        done(null, chunk);
      },
    });
    await pipeline(Readable.from(rows(Infinity)), frame, res);
  }

  /** A timer the handler set up throws after the response started (no promise chain to catch it). */
  @Get('timer')
  timer(@Res() res: Response): void {
    res.status(200).type('application/x-ndjson');
    res.write('{"row":0}\n');
    setTimeout(() => {
      throw new Error('timer bug');
    }, 5);
  }

  /** A promise nobody awaits rejects before any byte went out: the request still gets its 500. */
  @Get('unawaited')
  unawaited(@Res() _res: Response): void {
    void Promise.reject(new Error('unawaited bug'));
  }

  /** An SSE writer that keeps writing (through the response and the bare socket) after the client left. */
  @Get('sse-after-close')
  sseAfterClose(@Res() res: Response): void {
    res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.flushHeaders();
    const socket = res.socket;
    let gone = false;
    const timer = setInterval(() => {
      res.write('event: message\ndata: {}\n\n');
      if (gone) socket?.write('0\r\n\r\n');
    }, 2);
    res.on('close', () => {
      gone = true;
      setTimeout(() => clearInterval(timer), 200);
    });
  }

  /** An SSE writer fails midway: the client gets a final error event with the request id. */
  @Get('sse-midway')
  async sseMidway(@Res() res: Response): Promise<void> {
    res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.flushHeaders();
    for (const line of rows(3)) {
      res.write(`event: message\ndata: ${line}\n`);
      await new Promise((r) => setImmediate(r));
    }
  }
}

@Module({ controllers: [FaultsController] })
export class FaultsModule {}
