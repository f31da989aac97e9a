'use strict';
// Where the real Wikimedia data lives (plain JS: jest.config.js needs it before any transform).
// Tests use it through libs/testing/src/real-data.ts (`@okapi/testing`); see that file.
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..', '..', '..');
const DEFAULT_DIR = '../shared/data';

/** The files the real-data suites read, relative to the folder (shared/data/SOURCES.md lists them). */
const REAL_DATA_FILES = [
  'enterprise/articles.ndjson',
  'enterprise/projects.json',
  'enterprise/project.json',
  'enterprise/languages.json',
  'enterprise/language.json',
  'enterprise/namespaces.json',
  'enterprise/namespace.json',
  'enterprise/codes.json',
  'enterprise/code.json',
  'enterprise/snapshot.json',
  'enterprise/chunk.json',
  'enterprise/chunks.json',
  'enterprise/batch.json',
  'enterprise/batches.json',
  'enterprise/structured-contents.json',
  'enterprise/structured-contents-response_ii.json',
  'enterprise/auth/login.json',
  'enterprise/auth/token-refresh.json',
  'enterprise/auth/error.json',
  'eventstreams/page-change.json',
  'xml/pair-0.10.xml',
  'xml/article-pear-0.10.xml',
  'history/enwiki-Anarchism-history.xml.lzma',
];

/** A test file whose first lines carry this tag reads real data (and is skipped without it). */
const MARKER = /^\/\/ @real-data\b/m;

/** OKAPI_REAL_DATA_DIR, or ../shared/data next to the repository root; relative paths from the root. */
function realDataDir(env = process.env) {
  return resolve(ROOT, env.OKAPI_REAL_DATA_DIR || DEFAULT_DIR);
}

/** The folder and which of REAL_DATA_FILES it lacks (all of them when the folder is absent). */
function realDataStatus(env = process.env) {
  const dir = realDataDir(env);
  const missing = REAL_DATA_FILES.filter((f) => !existsSync(join(dir, f)));
  return { dir, missing, available: missing.length === 0, required: env.OKAPI_REQUIRE_REAL_DATA === '1' };
}

/** The one line that says what is missing and how to point at it. */
function missingLine(status, skipped) {
  const what = existsSync(status.dir)
    ? `${status.dir} lacks ${status.missing.slice(0, 3).join(', ')}${status.missing.length > 3 ? ` and ${status.missing.length - 3} more` : ''}`
    : `${status.dir} does not exist`;
  const effect = status.required
    ? 'OKAPI_REQUIRE_REAL_DATA=1, so the run fails'
    : `${skipped} real-data test files skipped`;
  return `okapi tests: real Wikimedia data not found (${what}): ${effect}; set OKAPI_REAL_DATA_DIR to the folder holding enterprise/, eventstreams/ and xml/ (default ${DEFAULT_DIR} next to the repository, see README "Tests")`;
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name === 'data' || name.startsWith('.')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Test files (repo-relative, `/`-separated) that carry the @real-data tag. */
function realDataTestFiles(root = ROOT) {
  return walk(root)
    .filter((f) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(f))
    .filter((f) => MARKER.test(readFileSync(f, 'utf8').slice(0, 2000)))
    .map((f) => relative(root, f).split(sep).join('/'))
    .sort();
}

module.exports = {
  DEFAULT_DIR,
  MARKER,
  REAL_DATA_FILES,
  ROOT,
  missingLine,
  realDataDir,
  realDataStatus,
  realDataTestFiles,
};
