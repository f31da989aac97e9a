import { PassThrough } from 'node:stream';
import { Logger } from '@nestjs/common';
import { JsonLogger } from '@okapi/adapters/logging';
import { nestSourceLog } from '@okapi/adapters/sources/plumbing';

describe('nestSourceLog (live sources inside okapi start)', () => {
  afterEach(() => {
    Logger.overrideLogger(false);
  });

  it('writes source lines through the process logger, so they are JSON like every other line', () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    Logger.overrideLogger(new JsonLogger('warn', out));
    const log = nestSourceLog();
    log.info('eventstreams: connected'); // below the level: dropped
    log.warn('eventstreams: connect ECONNREFUSED; reconnecting in 500 ms');
    const lines = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        context: 'sources',
        msg: 'eventstreams: connect ECONNREFUSED; reconnecting in 500 ms',
      }),
    ]);
  });
});
