import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm ci` (the README's install step and CI's) refuses a lock file that lacks any optional
 * dependency; the registry here serves only chdb's linux-x64 library, so `npm install` drops the
 * others. scripts/lock-foreign-platforms.js puts them back; this keeps that from being forgotten.
 */
describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };

  it('lists every optional dependency of every locked package (else `npm ci` fails)', () => {
    const missing: string[] = [];
    for (const [key, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        const nested = `${key}/node_modules/${dep}`;
        if (!Object.hasOwn(lock.packages, nested) && !Object.hasOwn(lock.packages, `node_modules/${dep}`))
          missing.push(`${dep} (of ${key || 'root'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
