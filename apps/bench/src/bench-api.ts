import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@okapi/adapters/auth';
import { OkapiConfig } from '@okapi/adapters/config';
import { writeSyntheticDump } from '@okapi/adapters/sources/dump';

/** The configuration of an API under benchmark: its own data dir, auth on, `token` accepted. */
export async function benchApiConfig(base: OkapiConfig, dataDir: string, token: string): Promise<OkapiConfig> {
  return {
    ...base,
    dataDir,
    auth: 'enabled',
    apiTokens: [token],
    logLevel: 'warn',
    users: [`bench:${await hashPassword(token)}`],
  };
}

/**
 * Writes a small lookup corpus (one ~8 KB revision per page) to `dir/corpus.xml` and returns it with
 * its titles as a WME client writes them in a path (spaces as underscores, not yet percent-encoded).
 */
export function writeLookupCorpus(dir: string, pages: number, seed: number): { file: string; titles: string[] } {
  const file = join(dir, 'corpus.xml');
  writeSyntheticDump(file, { pages, meanRevisions: 0, medianBytes: 8000, seed });
  const titles = [...readFileSync(file, 'utf8').matchAll(/<title>([^<]+)<\/title>/g)].map((m) =>
    m[1].replace(/ /g, '_'),
  );
  return { file, titles };
}
