import { statSync } from 'node:fs';
import { makeTempDir } from '@okapi/testing';
import { localSecretFile, readLocalSecret, sameSecret, writeLocalSecret } from './local-secret';

describe('local secret', () => {
  it('is written fresh at each start, readable only by the owner, and read back by the CLI', () => {
    const dir = makeTempDir('okapi-secret-');
    try {
      const first = writeLocalSecret(dir.path);
      expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(statSync(localSecretFile(dir.path)).mode & 0o777).toBe(0o600);
      expect(readLocalSecret(dir.path)).toBe(first);
      const second = writeLocalSecret(dir.path);
      expect(second).not.toBe(first);
      expect(readLocalSecret(dir.path)).toBe(second);
    } finally {
      dir.remove();
    }
  });

  it('reads nothing where no server wrote one', () => {
    const dir = makeTempDir('okapi-secret-');
    expect(readLocalSecret(dir.path)).toBeUndefined();
    dir.remove();
  });

  it('compares whole secrets only', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
    expect(sameSecret('abc ', 'abc')).toBe(false);
    expect(sameSecret(undefined, 'abc')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
  });
});
