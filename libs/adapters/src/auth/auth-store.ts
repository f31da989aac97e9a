import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hashPassword, isPasswordHash } from './password-hash';

export interface StoredUser {
  readonly username: string;
  readonly password_hash: string;
}

export interface RevokedSession {
  readonly sid: string;
  /** Seconds since the epoch after which the entry can be forgotten (its tokens are dead anyway). */
  readonly exp: number;
}

/** A credential created on first run, to be printed once. */
export interface BootstrapCredential {
  readonly username: string;
  readonly password: string;
  readonly passwordFile: string;
}

/** Only the owner may read secrets, users and revocations (0600 files in a 0700 directory). */
function writePrivate(file: string, content: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function readJson<T>(file: string, fallback: T): T {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : fallback;
}

/**
 * Auth state under `{dataDir}/auth/`: the signing secret (generated on first run unless
 * `OKAPI_JWT_SECRET` is set) and users with scrypt hashes. Revocations and login attempts are in
 * the shared AuthStateStore, not here.
 */
export class AuthStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'auth');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** The HMAC key: the configured secret, else the stored one, else a new random one (stored). */
  secret(configured?: string): Buffer {
    if (configured) return Buffer.from(configured, 'utf8');
    const file = join(this.dir, 'jwt-secret');
    if (!existsSync(file)) writePrivate(file, randomBytes(32).toString('hex'));
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
  }

  users(): StoredUser[] {
    return readJson<{ users: StoredUser[] }>(join(this.dir, 'users.json'), { users: [] }).users;
  }

  saveUsers(users: readonly StoredUser[]): void {
    writePrivate(join(this.dir, 'users.json'), `${JSON.stringify({ users }, null, 2)}\n`);
  }

  /** Revocations an older Okapi kept in a per-process file (now in the shared AuthStateStore). */
  revokedSessions(): RevokedSession[] {
    return readJson<RevokedSession[]>(join(this.dir, 'revoked-sessions.json'), []);
  }

  /** Removes that file once its entries are in the shared store. */
  forgetRevokedSessionsFile(): void {
    rmSync(join(this.dir, 'revoked-sessions.json'), { force: true });
  }

  /**
   * First run: when no user exists anywhere, create `admin` with a random password, store only
   * its hash, and keep the password in a 0600 file so it can be read again later.
   */
  async ensureAdmin(hasConfiguredUsers: boolean): Promise<BootstrapCredential | undefined> {
    if (hasConfiguredUsers || this.users().length > 0) return undefined;
    const password = randomBytes(18).toString('base64url');
    this.saveUsers([{ username: 'admin', password_hash: await hashPassword(password) }]);
    const passwordFile = join(this.dir, 'initial-admin-password');
    writePrivate(passwordFile, `${password}\n`);
    return { username: 'admin', password, passwordFile };
  }
}

/** Parses `OKAPI_USERS` entries `name:scrypt$...`; throws naming the bad entry. */
export function parseUserList(entries: readonly string[]): StoredUser[] {
  return entries.map((entry) => {
    const i = entry.indexOf(':');
    const username = entry.slice(0, i);
    const hash = entry.slice(i + 1);
    if (i <= 0 || !/^[a-z0-9._@-]+$/.test(username) || !isPasswordHash(hash)) {
      throw new Error(
        `"${entry.slice(0, 40)}" is not name:scrypt$N$r$p$salt$hash (lowercase name; hash from \`okapi hash-password\`)`,
      );
    }
    return { username, password_hash: hash };
  });
}
