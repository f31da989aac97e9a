import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFIG_DEFAULTS, ConfigError, ENV_SPEC, loadConfig } from './env-config';

const ROOT = join(__dirname, '../../../..');

describe('loadConfig', () => {
  it('names every bad variable and why, in one error, and never echoes a secret', () => {
    let error: unknown;
    try {
      loadConfig({
        OKAPI_PORT: 'eighty',
        OKAPI_FETCH_HTML: 'maybe',
        OKAPI_JWT_SECRET: 'short',
        OKAPI_SNAPSHOT_TIME: '25:00',
        OKAPI_PROJCET_INTERVAL_MS: '10',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'OKAPI_PORT="eighty" must be an integer between 0 and 65535',
      'OKAPI_FETCH_HTML="maybe" must be true or false',
      'OKAPI_JWT_SECRET=<redacted> must be at least 32 characters',
      'OKAPI_SNAPSHOT_TIME="25:00" must be HH:MM (UTC) or off',
      'OKAPI_PROJCET_INTERVAL_MS is not a known variable (see .env.example)',
    ]);
  });

  it('CONFIG_DEFAULTS are the parsed defaults of the spec, the same loadConfig gives an empty environment', () => {
    expect(loadConfig({})).toEqual(CONFIG_DEFAULTS);
    expect(CONFIG_DEFAULTS.heartbeatMs).toBe(15_000);
  });
});

/** Source files of apps/ and libs/ (no specs, no console). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'console' ? [] : sources(path);
    return /\.ts$/.test(name) && !/spec\.ts$/.test(name) ? [path] : [];
  });
}

describe('one default per setting', () => {
  it('no code falls back to its own literal for a setting that has a default (`config.x ?? literal`)', () => {
    const withDefault = Object.entries(ENV_SPEC)
      .filter(([, s]) => 'default' in s)
      .map(([key]) => key);
    const pattern = new RegExp(`\\b(?:config|cfg|c)\\.(${withDefault.join('|')})\\s*\\?\\?`, 'g');
    const found = [join(ROOT, 'apps'), join(ROOT, 'libs')]
      .flatMap(sources)
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => `${relative(ROOT, file)}: ${m[0]}`),
      );
    expect(found).toEqual([]);
  });
});
