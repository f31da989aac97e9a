import { rmSync } from 'node:fs';
import { OkapiServer } from './okapi-process';
import { STATE_FILE } from './suite-state';

/** Stops the server (SIGTERM: it drains and exits 0) and removes its data directory. */
export default async function globalTeardown(): Promise<void> {
  const g = (globalThis as { okapiConformance?: { server: OkapiServer; dataDir: string } }).okapiConformance;
  if (!g) return;
  g.server.child.kill('SIGTERM');
  const timer = setTimeout(() => g.server.child.kill('SIGKILL'), 20_000);
  await g.server.exited;
  clearTimeout(timer);
  rmSync(g.dataDir, { recursive: true, force: true });
  rmSync(STATE_FILE, { force: true });
}
