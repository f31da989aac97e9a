import { createServer } from 'node:net';

/**
 * True when `port` on `host` can be bound right now. `okapi start` asks before it probes for live
 * sources or creates the first-run credential, so a taken port fails before anything is written.
 * (Another process may still take the port in between; `listen` then fails as usual.)
 */
export function portIsFree(port: number, host: string): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(false) : reject(e)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export function portInUseMessage(port: number, host: string): string {
  return `okapi: port ${port} on ${host} is in use (set OKAPI_PORT)\n`;
}
