import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The layering and front-door rules of eslint.boundaries.mjs (run by `npm run lint`) catch what they
 * promise: each snippet below is linted as if it were the named file, with only those rules on.
 */
const ROOT = resolve(__dirname, '..');

const CASES: readonly { file: string; code: string; flagged: boolean }[] = [
  { file: 'libs/domain/src/page/x.ts', code: "import { a } from '@okapi/projections';", flagged: true },
  { file: 'libs/domain/src/page/x.ts', code: "import { a } from '../../../adapters/src/bus';", flagged: true },
  { file: 'libs/domain/src/page/x.ts', code: "import { a } from '../shared/offset';", flagged: false },
  { file: 'libs/projections/src/views/x.ts', code: "import { a } from '@okapi/adapters';", flagged: true },
  { file: 'libs/projections/src/views/x.ts', code: "import { a } from '@okapi/adapters/config';", flagged: true },
  { file: 'libs/domain/src/page/x.ts', code: "import { a } from '@okapi/adapters/sources/dump';", flagged: true },
  { file: 'libs/adapters/src/bus/x.ts', code: "import { a } from '@okapi/api/x';", flagged: true },
  { file: 'libs/projections/src/views/x.ts', code: "import { a } from '@okapi/domain';", flagged: false },
  { file: 'libs/adapters/src/bus/x.ts', code: "import { a } from '@okapi/api';", flagged: true },
  { file: 'libs/adapters/src/bus/x.ts', code: "import { a } from '@okapi/testing';", flagged: true },
  { file: 'libs/adapters/src/bus/x.spec.ts', code: "import { a } from '@okapi/testing';", flagged: false },
  { file: 'apps/api/src/x.ts', code: "import { a } from '@okapi/adapters/clickhouse/analytics';", flagged: true },
  { file: 'apps/api/src/x.ts', code: "import { a } from '@okapi/adapters/clickhouse';", flagged: false },
  { file: 'apps/api/src/x.ts', code: "import { a } from '@okapi/adapters/sources/dump/import-dump';", flagged: true },
  { file: 'apps/api/src/x.ts', code: "import { a } from '@okapi/adapters/sources/dump';", flagged: false },
  { file: 'apps/api/src/x.ts', code: "import { a } from '@okapi/domain/page/page.state';", flagged: true },
  { file: 'apps/api/src/x.ts', code: "import { a } from '../../../libs/domain/src/page/page.state';", flagged: true },
  { file: 'apps/cli/src/start/x.ts', code: "import { a } from '../../../api/src/create-api-app';", flagged: true },
  { file: 'apps/cli/src/start/x.ts', code: "import { a } from '@okapi/api';", flagged: false },
  { file: 'apps/cli/src/start/x.ts', code: "import { a } from '../roles/run-role';", flagged: false },
  { file: 'apps/api/src/x.ts', code: "import { a } from '@okapi/testing';", flagged: true },
  { file: 'apps/cli/src/x.ts', code: "import { a } from '@okapi/bench';", flagged: true },
  { file: 'apps/cli/src/x.ts', code: "import { a } from '../../../libs/testing/src/wait-for';", flagged: true },
  { file: 'apps/api/src/x.int-spec.ts', code: "import { a } from '@okapi/testing/api-harness';", flagged: false },
  { file: 'apps/api/src/x.spec.ts', code: "import { a } from '@okapi/testing/wait-for';", flagged: true },
  { file: 'apps/bench/src/x.bench.ts', code: "import { a } from '@okapi/testing';", flagged: false },
  { file: 'apps/bench/src/x.bench.ts', code: "import { a } from '@okapi/cli';", flagged: false },
  { file: 'apps/bench/src/x.bench.ts', code: "import { a } from '../../cli/src/cli-args';", flagged: true },
  { file: 'apps/api/src/console/x.ts', code: "import type { A } from '@okapi/console-contract';", flagged: false },
  { file: 'apps/console/src/views/x.tsx', code: "import type { A } from '@okapi/console-contract';", flagged: false },
  { file: 'apps/console/src/views/x.tsx', code: "import type { A } from '@okapi/domain';", flagged: true },
  { file: 'apps/console/src/views/x.tsx', code: "import { a } from '@okapi/api';", flagged: true },
  { file: 'libs/adapters/src/bus/x.ts', code: "import type { A } from '@okapi/console-contract';", flagged: true },
  { file: 'libs/console-contract/src/x.ts', code: "import type { A } from '@okapi/domain';", flagged: true },
  {
    file: 'apps/api/src/x.int-spec.ts',
    code: "import { a } from '@okapi/adapters/bus/testing/example.fixture';",
    flagged: false,
  },
];

const SCRIPT = `
  import { Linter } from 'eslint';
  import tseslint from 'typescript-eslint';
  import { boundaries } from './eslint.boundaries.mjs';
  const cases = JSON.parse(process.argv[1]);
  const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
  const config = [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...boundaries(['**/*.spec.ts', '**/*.int-spec.ts'])];
  const out = cases.map((c) => linter.verify(c.code, config, { filename: c.file }).filter((m) => m.ruleId === 'no-restricted-imports').length > 0);
  process.stdout.write(JSON.stringify(out));
`;

describe('layering and front-door lint rules', () => {
  it('flag upward, deep and cross-app imports and accept front doors', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, JSON.stringify(CASES)], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const flagged = JSON.parse(run.stdout) as boolean[];
    expect(CASES.map((c, i) => ({ ...c, got: flagged[i] })).filter((c) => c.got !== c.flagged)).toEqual([]);
  });
});
