import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server's local secret: 32 random bytes written (0600) into the data directory each time a
 * server starts, and sent by the CLI (`okapi sql`, `okapi snapshot|batch` next to a running
 * server) in the `Okapi-Local-Secret` header. Only a user who can read the data directory can
 * call the internal endpoints, so a web page (DNS rebinding) or another local user cannot.
 */
export const LOCAL_SECRET_HEADER = 'okapi-local-secret';
const FILE = 'local-secret';

export function localSecretFile(dataDir: string): string {
  return join(dataDir, FILE);
}

/** A fresh secret, written atomically with mode 0600 (replacing the previous server's). */
export function writeLocalSecret(dataDir: string): string {
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${localSecretFile(dataDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, localSecretFile(dataDir));
  return secret;
}

/** The secret of the server on `dataDir`, or undefined when none was written (or it is unreadable). */
export function readLocalSecret(dataDir: string): string | undefined {
  try {
    return readFileSync(localSecretFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Constant-time comparison (both sides hashed first, so their lengths leak nothing either). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
