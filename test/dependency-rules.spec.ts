/**
 * Dependency rules (STYLE.md "Boundaries"), checked on every `npm test` / `npm run lint:deps`:
 * 1. libs/domain, libs/projections and libs/console-contract stay pure: no framework, driver, filesystem or network import,
 *    and no clock or randomness (`new Date()` without arguments, Date.now(), Math.random(), randomUUID).
 *    Time and ids come in on commands. Test files (*.spec.ts, ...) are exempt.
 * 2. apps reach libs only through their front doors: `@okapi/domain`, `@okapi/projections`,
 *    `@okapi/adapters` or `@okapi/adapters/<area>` — never a relative path into libs/*, never a deep
 *    `@okapi/domain/...` path.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { importsOf, stripComments } from '@okapi/testing';

const ROOT = resolve(__dirname, '..');
const PURE_LIBS = ['libs/domain/src', 'libs/projections/src', 'libs/console-contract/src'];
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

const FORBIDDEN_IMPORTS: readonly [RegExp, string][] = [
  [/^@nestjs\//, 'framework (@nestjs)'],
  [/^(nats|@nats-io\/.*)$/, 'NATS driver'],
  [/^@clickhouse\//, 'ClickHouse driver'],
  [/^chdb$/, 'chDB driver'],
  [/^better-sqlite3$/, 'SQLite driver'],
  [/^@eventstore\//, 'EventStoreDB driver'],
  [/^(node:)?fs(\/promises)?$/, 'filesystem'],
  [/^(node:)?(net|tls|dgram|http|https|http2)$/, 'network'],
  [/^(node:)?child_process$/, 'processes'],
];

const FORBIDDEN_CODE: readonly [RegExp, string][] = [
  [/\bnew\s+Date\s*\(\s*\)/, 'clock: new Date() without arguments (time comes in on the command)'],
  [/\bDate\.now\s*\(/, 'clock: Date.now()'],
  [/\bMath\.random\s*\(/, 'randomness: Math.random()'],
  [/\brandomUUID\b/, 'randomness: randomUUID'],
  [/\bperformance\.now\s*\(/, 'clock: performance.now()'],
];

function walk(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export function purityViolations(file: string, source: string): string[] {
  const out: string[] = [];
  for (const { specifier, line } of importsOf(source)) {
    for (const [re, what] of FORBIDDEN_IMPORTS)
      if (re.test(specifier)) out.push(`${file}:${line}: imports '${specifier}' (${what})`);
  }
  const code = stripComments(source);
  code.split('\n').forEach((text, i) => {
    for (const [re, what] of FORBIDDEN_CODE) if (re.test(text)) out.push(`${file}:${i + 1}: ${what}`);
  });
  return out;
}

export function frontDoorViolations(file: string, source: string): string[] {
  const out: string[] = [];
  for (const { specifier, line } of importsOf(source)) {
    if (/^@okapi\/(domain|projections|console-contract)\/./.test(specifier))
      out.push(`${file}:${line}: deep import '${specifier}' (use the lib's index)`);
    if (specifier.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
        .split(sep)
        .join('/');
      if (/^libs\/[^/]+\/src(\/|$)/.test(target))
        out.push(`${file}:${line}: relative import '${specifier}' into ${target} (use @okapi/...)`);
    }
  }
  return out;
}

describe('dependency rules', () => {
  it('libs/domain, libs/projections and libs/console-contract import no framework, driver, fs or network and use no clock or randomness', () => {
    const files = PURE_LIBS.flatMap(walk).filter((f) => !TEST_FILE.test(f));
    expect(files.length).toBeGreaterThan(10);
    const violations = files.flatMap((f) => purityViolations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('apps import libs only through their front doors', () => {
    const files = walk('apps');
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((f) => frontDoorViolations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(violations).toEqual([]);
  });

  describe('the checks themselves catch violations', () => {
    it('flags forbidden imports and clock/random use, not comments or dated arguments', () => {
      const bad = [
        "import { Injectable } from '@nestjs/common';",
        "import Database from 'better-sqlite3';",
        "import { readFileSync } from 'node:fs';",
        "const http = require('https');",
        "export { x } from 'nats';",
        'const now = new Date();',
        'const t = Date.now();',
        'const r = Math.random();',
        "import { randomUUID } from 'node:crypto';",
      ].join('\n');
      expect(purityViolations('x.ts', bad)).toHaveLength(9); // one per line (node:crypto itself is allowed)
    });

    it('accepts pure code', () => {
      const ok = [
        "import { Offset } from '../shared/offset';",
        '// never use Date.now() here, nor new Date()',
        '/* Math.random() is banned */',
        'const t = new Date(event.recordedAt).toISOString();',
        "const url = 'https://example.org'; const ms = Date.parse(ts);",
      ].join('\n');
      expect(purityViolations('x.ts', ok)).toEqual([]);
    });

    it('flags relative and deep imports into libs from apps', () => {
      const src = [
        "import { decide } from '../../../../libs/domain/src/page/page.decider';",
        "import { x } from '@okapi/domain/page/page.state';",
        "import { y } from '@okapi/domain';",
        "import { z } from '@okapi/adapters/wikitext';",
        "import { w } from './local.service';",
      ].join('\n');
      expect(frontDoorViolations('apps/api/src/feature/x.ts', src)).toEqual([
        "apps/api/src/feature/x.ts:1: relative import '../../../../libs/domain/src/page/page.decider' into libs/domain/src/page/page.decider (use @okapi/...)",
        "apps/api/src/feature/x.ts:2: deep import '@okapi/domain/page/page.state' (use the lib's index)",
      ]);
    });
  });
});
