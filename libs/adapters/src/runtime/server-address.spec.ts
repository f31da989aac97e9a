import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, TempDir } from '@okapi/testing';
import { liveServerAddress, loopbackPort, removeServerAddress, writeServerAddress } from './server-address';

describe('server address file ($OKAPI_DATA_DIR/server.json)', () => {
  let dir: TempDir;
  beforeEach(() => (dir = makeTempDir('okapi-server-address-')));
  afterEach(() => dir.remove());

  it('names a live server and its port, which CLI commands prefer over OKAPI_PORT', () => {
    writeServerAddress(dir.path, { pid: process.ppid, port: 18999 });
    expect(liveServerAddress(dir.path)).toEqual({ pid: process.ppid, port: 18999 });
    expect(loopbackPort({ dataDir: dir.path, port: 8080 })).toBe(18999);
  });

  it('ignores a file left by a crashed server, by this same pid (restarted container) or garbled', () => {
    const dead = spawnSync('node', ['-e', '0']).pid; // exited: its pid names no live process
    writeServerAddress(dir.path, { pid: dead, port: 18999 });
    expect(liveServerAddress(dir.path)).toBeUndefined();
    expect(loopbackPort({ dataDir: dir.path, port: 8080 })).toBe(8080);
    writeServerAddress(dir.path, { pid: process.pid, port: 18999 });
    expect(liveServerAddress(dir.path)).toBeUndefined();
    writeFileSync(join(dir.path, 'server.json'), '{"pid":');
    expect(liveServerAddress(dir.path)).toBeUndefined();
  });

  it('is removed only by the server that wrote it', () => {
    writeServerAddress(dir.path, { pid: process.ppid, port: 18999 });
    removeServerAddress(dir.path, process.pid);
    expect(existsSync(join(dir.path, 'server.json'))).toBe(true);
    writeServerAddress(dir.path, { pid: process.pid, port: 18999 });
    removeServerAddress(dir.path, process.pid);
    expect(existsSync(join(dir.path, 'server.json'))).toBe(false);
  });
});
