import { PassThrough } from 'node:stream';
import { JsonLogger } from './json-logger';

function capture(level: 'info' | 'debug'): { logger: JsonLogger; lines: () => Record<string, unknown>[] } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  return {
    logger: new JsonLogger(level, out),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, context and fields, honouring the level', () => {
    const { logger, lines } = capture('info');
    logger.log('hello', 'ctx');
    logger.write('info', 'http', { msg: 'request', status: 200 });
    logger.debug('hidden', 'ctx');
    logger.error('boom', 'Error: boom\n    at x', 'svc');
    logger.log('Mapped {/x, GET} route', 'RouterExplorer');
    const got = lines();
    expect(got.map((l) => [l.level, l.context, l.msg])).toEqual([
      ['info', 'ctx', 'hello'],
      ['info', 'http', 'request'],
      ['error', 'svc', 'boom'],
    ]);
    expect(got[1].status).toBe(200);
    expect(typeof got[0].time).toBe('string');
  });
});
