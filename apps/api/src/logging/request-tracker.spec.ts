import { createServer, get, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { JsonLogger } from '@okapi/adapters/logging';
import { RequestTracker } from './request-tracker';

/** A log sink that throws on every write (a full disk, a closed pipe, a bug in a serializer). */
const broken = new Writable({
  write() {
    throw new Error('log sink broken');
  },
});

describe('RequestTracker', () => {
  let server: Server;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a failure while recording a finished request is contained: the process keeps answering', async () => {
    const tracker = new RequestTracker(new JsonLogger('debug', broken));
    server = createServer((req, res) => {
      tracker.track(req, res);
      res.end('ok');
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < 3; i++) {
      const status = await new Promise<number>((resolve, reject) =>
        get({ host: '127.0.0.1', port, path: '/x' }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }).on('error', reject),
      );
      expect(status).toBe(200);
    }
    // 'finish' listeners run after the response: give them a turn to (not) throw.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
