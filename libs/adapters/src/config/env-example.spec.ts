import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SPEC, KNOWN_ENV_VARS, loadConfig } from './env-config';

/** `.env.example` is the documentation of every variable: it must match the validator exactly. */
describe('.env.example', () => {
  const text = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
  const assigned = [...text.matchAll(/^\s*(#\s*)?(OKAPI_[A-Z0-9_]+)=(.*)$/gm)].map((m) => ({
    commented: Boolean(m[1]),
    name: m[2],
    value: m[3],
  }));

  it('documents every variable the config validator knows', () => {
    const documented = new Set(assigned.map((a) => a.name));
    expect(KNOWN_ENV_VARS.filter((n) => !documented.has(n))).toEqual([]);
  });

  it('names no variable the validator does not know', () => {
    expect(assigned.map((a) => a.name).filter((n) => !KNOWN_ENV_VARS.includes(n))).toEqual([]);
  });

  it('its active values pass validation', () => {
    const env = Object.fromEntries(assigned.filter((a) => !a.commented).map((a) => [a.name, a.value.trim()]));
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('shows each default as the value it documents', () => {
    const mismatched = assigned
      .filter((a) => !a.commented)
      .flatMap((a) => {
        const spec = Object.values(ENV_SPEC).find((s) => s.name === a.name);
        return spec &&
          'default' in spec &&
          spec.default !== a.value.trim() &&
          !(spec as { sensitive?: boolean }).sensitive
          ? [`${a.name}: example ${a.value.trim()} vs default ${spec.default}`]
          : [];
      });
    expect(mismatched).toEqual([]);
  });
});
