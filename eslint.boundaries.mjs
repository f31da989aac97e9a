// Layering and front doors, enforced by `npm run lint` (imported by eslint.config.mjs):
// apps -> adapters -> projections -> domain (docs/ARCHITECTURE.md), and every library is entered through its
// front door: @okapi/domain, @okapi/projections, @okapi/adapters or @okapi/adapters/<area> (<area>/index.ts;
// sources/<x> for the sources); an app uses another app only as @okapi/<app> (apps/<app>/src/index.ts).
// Test support (@okapi/testing, libs/testing) and the benchmarks (@okapi/bench, apps/bench) are for tests and
// benchmarks only: production code never imports them (the image leaves them out, test/production-image.spec.ts).
// Purity of domain and projections (no drivers, clock or randomness) is test/dependency-rules.spec.ts.
// Beside the floors, @okapi/console-contract (libs/console-contract: the console endpoints' answer types)
// imports nothing and is imported by apps only; the browser console (apps/console) takes nothing else
// from the libraries, so no server code reaches its bundle.
const APPS = ['api', 'cli', 'ingest', 'projector', 'consumer-example', 'console', 'bench'];
/** Tooling only tests and benchmarks may use: production code (and so the image) never loads it. */
const DEV_ONLY = ['testing', 'bench'];
const CONTRACT = 'console-contract';

/** Deep-import patterns; test files may still reach testing/ folders, fixtures and contract suites. */
const deep = (isTest) => [
  {
    regex: '^@okapi/(domain|projections|console-contract)/',
    message: 'Import the library through its index (@okapi/domain, @okapi/projections, @okapi/console-contract).',
  },
  {
    regex: '^@okapi/testing/(?!(api-harness|browser)$)',
    message: 'Import test support through @okapi/testing, @okapi/testing/api-harness or @okapi/testing/browser.',
  },
  {
    regex: `^@okapi/adapters/${isTest ? '(?!.*(/testing/|\\.fixtures?$|\\.contract$))' : ''}((?!sources/)[^/]+|sources/[^/]+)/.`,
    message: 'Import adapters through @okapi/adapters/<area> (its index.ts); add the export there.',
  },
  {
    regex: `^\\.\\.?/(.*/)?libs/${isTest ? '(?!.*/testing/)' : ''}`,
    message: 'Reach a library through @okapi/..., never by a relative path.',
  },
];
const upward = (forbidden, what) => ({
  regex: `^@okapi/(${forbidden.join('|')})(/|$)`,
  message: `${what} may not depend on it (layering).`,
});
const relativeInto = (dirs, what) => ({
  regex: `^\\.\\.?/(.*/)?(${dirs.join('|')})/`,
  message: `${what} may not reach there by a relative path (layering).`,
});
const restrict = (patterns) => ['error', { patterns }];
const devOnly = {
  regex: `^(@okapi/(${DEV_ONLY.join('|')})(/|$)|(\\.\\./)+(libs/)?testing/|(\\.\\./)+(apps/)?bench/)`,
  message:
    'Test support and benchmarks are for tests and benchmarks only: production code (the image) never loads them.',
};

/** Config blocks; `testFiles` are the globs of test code. Later blocks override earlier ones per file. */
export function boundaries(testFiles) {
  const layer = (lib, forbidden, dirs, what) => [
    {
      files: [`libs/${lib}/**`],
      rules: { 'no-restricted-imports': restrict([...deep(true), upward(forbidden, what), relativeInto(dirs, what)]) },
    },
    {
      files: [`libs/${lib}/**`],
      ignores: testFiles,
      rules: {
        'no-restricted-imports': restrict([...deep(false), upward(forbidden, what), devOnly, relativeInto(dirs, what)]),
      },
    },
  ];
  return [
    { files: ['**/*.ts', '**/*.tsx'], rules: { 'no-restricted-imports': restrict(deep(true)) } },
    { files: ['**/*.ts', '**/*.tsx'], ignores: testFiles, rules: { 'no-restricted-imports': restrict(deep(false)) } },
    ...layer(
      'domain',
      ['projections', 'adapters', CONTRACT, ...APPS],
      ['projections/src', 'adapters/src', `${CONTRACT}/src`, 'apps'],
      'The domain',
    ),
    ...layer(
      'projections',
      ['adapters', CONTRACT, ...APPS],
      ['adapters/src', `${CONTRACT}/src`, 'apps'],
      'Projections',
    ),
    ...layer('adapters', [CONTRACT, ...APPS], [`${CONTRACT}/src`, 'apps'], 'Adapters'),
    ...layer(
      CONTRACT,
      ['domain', 'projections', 'adapters', ...APPS],
      ['domain/src', 'projections/src', 'adapters/src', 'apps'],
      'The console contract',
    ),
    ...APPS.map((app) => ({
      files: [`apps/${app}/**`],
      ignores: testFiles,
      rules: {
        'no-restricted-imports': restrict([
          ...deep(false),
          {
            regex: `^(\\.\\./)+(${APPS.filter((a) => a !== app).join('|')})/src(/|$)`,
            message: 'Import another app through @okapi/<app> (its src/index.ts), never by a relative path.',
          },
          ...(app === 'bench' ? [] : [devOnly]),
          ...(app === 'console'
            ? [
                {
                  regex: `^@okapi/(?!${CONTRACT}$)`,
                  message: `The browser console takes only @okapi/${CONTRACT} from the libraries (no server code in its bundle).`,
                },
              ]
            : []),
        ]),
      },
    })),
  ];
}
