// Three tiers, named by suffix (STYLE.md): *.spec.ts pure unit, *.int-spec.ts against real
// SQLite / chDB / ClickHouse / NATS, *.e2e-spec.ts through HTTP or the CLI.
const fs = require('node:fs');
const realData = require('./libs/testing/src/real-data.core.js');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;
swcrc.sourceMaps = 'inline';

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@okapi/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@okapi/projections$': '<rootDir>/libs/projections/src/index.ts',
    '^@okapi/adapters$': '<rootDir>/libs/adapters/src/index.ts',
    '^@okapi/adapters/(.*)$': '<rootDir>/libs/adapters/src/$1',
    '^@okapi/console-contract$': '<rootDir>/libs/console-contract/src/index.ts',
    '^@okapi/api$': '<rootDir>/apps/api/src/index.ts',
    '^@okapi/ingest$': '<rootDir>/apps/ingest/src/index.ts',
    '^@okapi/projector$': '<rootDir>/apps/projector/src/index.ts',
    '^@okapi/cli$': '<rootDir>/apps/cli/src/index.ts',
    '^@okapi/bench$': '<rootDir>/apps/bench/src/index.ts',
    '^@okapi/testing$': '<rootDir>/libs/testing/src/index.ts',
    '^@okapi/testing/(api-harness|browser)$': '<rootDir>/libs/testing/src/$1.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/', ...realDataIgnores()],
};

/**
 * Files tagged `// @real-data` read the real Wikimedia data in OKAPI_REAL_DATA_DIR (never copied
 * here). Without it they are left out, with one line saying so; OKAPI_REQUIRE_REAL_DATA=1 (CI)
 * turns that into a failure.
 */
function realDataIgnores() {
  const status = realData.realDataStatus();
  if (status.available) return [];
  const files = realData.realDataTestFiles();
  const line = realData.missingLine(status, files.length);
  if (status.required) throw new Error(line);
  process.stderr.write(`${line}\n`);
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return files.map((f) => `<rootDir>/${escape(f)}$`);
}

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/timeout-int.js'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/timeout-e2e.js'],
    },
  ],
};
