import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive';
import type { OkapiConfig } from '../config/env-config';

/**
 * Where the server that owns a data directory listens. `okapi start` / `okapi api` write it into
 * `$OKAPI_DATA_DIR/server.json` once listening and remove it on stop, so CLI commands run from
 * another shell (`okapi sql`, `snapshot`, `batch`) reach the process holding the chDB directory
 * even when it listens on a port the shell does not know, and never query a different server
 * that happens to listen on the default port.
 */
export interface ServerAddress {
  readonly pid: number;
  readonly port: number;
}

const FILE = 'server.json';

export function writeServerAddress(dataDir: string, address: ServerAddress): void {
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(address)}\n`, { mode: 0o600 });
}

/** Removes the file only if it is still this process's (a second server may have replaced it). */
export function removeServerAddress(dataDir: string, pid: number): void {
  if (readFile(dataDir)?.pid === pid) rmSync(join(dataDir, FILE), { force: true });
}

/**
 * The address of another live server on this data directory; a file left by a crash is ignored,
 * including one naming this very pid (a restarted container runs as the same pid 1).
 */
export function liveServerAddress(dataDir: string): ServerAddress | undefined {
  const address = readFile(dataDir);
  return address && address.pid !== process.pid && isProcessAlive(address.pid) ? address : undefined;
}

export function serverAddressFile(dataDir: string): string {
  return join(dataDir, FILE);
}

/** Port of this data directory's server, else the configured one. */
export function loopbackPort(config: Pick<OkapiConfig, 'dataDir' | 'port'>): number {
  return liveServerAddress(config.dataDir)?.port ?? config.port;
}

function readFile(dataDir: string): ServerAddress | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as Partial<ServerAddress>;
    return Number.isInteger(parsed.pid) && Number.isInteger(parsed.port) ? (parsed as ServerAddress) : undefined;
  } catch {
    return undefined;
  }
}
