#!/usr/bin/env node
// The npm registry this project is developed against serves only chdb's linux-x64 library, so a
// lock file written here lacks chdb's other optional platform packages and `npm ci` refuses it
// ("Missing: @chdb/lib-darwin-arm64@ from lock file"). This adds the missing optional entries
// (os/cpu-restricted, never fetched on linux-x64), as a lock written against the public registry
// has them. Run after `npm install` changes package-lock.json: node scripts/lock-foreign-platforms.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
const platform = {
  '@chdb/lib-darwin-arm64': { cpu: ['arm64'], os: ['darwin'] },
  '@chdb/lib-darwin-x64': { cpu: ['x64'], os: ['darwin'] },
  '@chdb/lib-linux-arm64-gnu': { cpu: ['arm64'], libc: ['glibc'], os: ['linux'] },
  '@chdb/lib-linux-x64-gnu': { cpu: ['x64'], libc: ['glibc'], os: ['linux'] },
};
let added = 0;
for (const [name, version] of Object.entries((chdb && chdb.optionalDependencies) || {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key] || !platform[name]) continue;
  lock.packages[key] = { version, ...platform[name], license: 'Apache-2.0', optional: true };
  added++;
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: added ${added} optional platform entr${added === 1 ? 'y' : 'ies'}\n`);
