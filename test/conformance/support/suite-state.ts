import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** What the global setup hands to the test files (through a file: jest runs them elsewhere). */
export interface SuiteState {
  /** `http://127.0.0.1:PORT/`: WME's API and realtime hosts are one Okapi. */
  readonly baseUrl: string;
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly dataDir: string;
  readonly realDataDir: string;
  readonly pid: number;
  /** Offset of the last seeded event (real data), before the suite's own streams start. */
  readonly seededHead: number;
  /** Env for CLI commands that must reach the running server. */
  readonly cliEnv: Record<string, string>;
}

export const STATE_FILE = join(tmpdir(), `okapi-conformance-${process.ppid}-state.json`);

export function suiteState(): SuiteState {
  const file = process.env.OKAPI_CONFORMANCE_STATE ?? STATE_FILE;
  return JSON.parse(readFileSync(file, 'utf8')) as SuiteState;
}
