// The WME SDK conformance suite (`npm run test:conformance`): a real `okapi start` seeded with
// real data (global setup), then the SDKs' calls reproduced on the wire. Not part of `npm test`.
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
swcrc.sourceMaps = 'inline';

module.exports = {
  rootDir: root,
  displayName: 'conformance',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@okapi/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@okapi/projections$': '<rootDir>/libs/projections/src/index.ts',
    '^@okapi/adapters$': '<rootDir>/libs/adapters/src/index.ts',
    '^@okapi/adapters/(.*)$': '<rootDir>/libs/adapters/src/$1',
    '^@okapi/api$': '<rootDir>/apps/api/src/index.ts',
    '^@okapi/ingest$': '<rootDir>/apps/ingest/src/index.ts',
    '^@okapi/projector$': '<rootDir>/apps/projector/src/index.ts',
    '^@okapi/testing$': '<rootDir>/libs/testing/src/index.ts',
  },
  testMatch: ['<rootDir>/test/conformance/**/*.conformance-spec.ts'],
  globalSetup: '<rootDir>/test/conformance/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/conformance/support/global-teardown.ts',
  testTimeout: 300_000,
};
