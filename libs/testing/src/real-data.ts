/**
 * Real Wikimedia data (WME records, EventStreams events, MediaWiki XML dumps) comes from other
 * public repositories and is never copied into this one: tests read it where it lives, in
 * OKAPI_REAL_DATA_DIR (default `../shared/data` next to the repository root; its SOURCES.md says
 * where each file comes from).
 *
 * A test file that reads it starts with the line `// @real-data` and takes every path from
 * `realDataPath()`. When the folder is absent (a user's clone), jest.config.js leaves those files
 * out and prints one line saying what is missing; with OKAPI_REQUIRE_REAL_DATA=1 (.ci/run) a
 * missing folder fails the run instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface RealDataStatus {
  readonly dir: string;
  readonly missing: readonly string[];
  readonly available: boolean;
  readonly required: boolean;
}

// The plain-JS core is shared with jest.config.js, which runs before any TypeScript transform.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS shared with jest.config.js, which no TypeScript import reaches.
const core = require('./real-data.core.js') as {
  MARKER: RegExp;
  REAL_DATA_FILES: readonly string[];
  realDataDir(env?: NodeJS.ProcessEnv): string;
  realDataStatus(env?: NodeJS.ProcessEnv): RealDataStatus;
  missingLine(status: RealDataStatus, skipped: number): string;
  realDataTestFiles(root?: string): string[];
};

export const REAL_DATA_FILES = core.REAL_DATA_FILES;
/** The tag line a real-data suite starts with. */
export const MARKER_FOR_TESTS = core.MARKER;
export const realDataDir = core.realDataDir;
export const realDataStatus = core.realDataStatus;
export const realDataTestFiles = core.realDataTestFiles;

/** Absolute path of a file in the real-data folder, e.g. `realDataPath('xml', 'pair-0.10.xml')`. */
export function realDataPath(...parts: string[]): string {
  const status = realDataStatus();
  if (!status.available) throw new Error(core.missingLine(status, 0));
  return join(status.dir, ...parts);
}

export function readRealText(...parts: string[]): string {
  return readFileSync(realDataPath(...parts), 'utf8');
}

export function readRealJson(...parts: string[]): unknown {
  return JSON.parse(readRealText(...parts));
}

/** The records of a real NDJSON file (e.g. the three WME "Squirrel" Articles), parsed. */
export function readRealNdjson<T = any>(...parts: string[]): T[] {
  return readRealText(...parts)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/**
 * The three real WME "Squirrel" Articles as NDJSON without their `article_body` (html and
 * wikitext, ~190 KB each), every other field as published: what the firehose specs filter.
 */
export function realArticlesWithoutBody(): string {
  const lines = readRealNdjson<Record<string, unknown>>('enterprise', 'articles.ndjson').map((a) => {
    const { article_body: _body, ...rest } = a;
    return JSON.stringify(rest);
  });
  return `${lines.join('\n')}\n`;
}
