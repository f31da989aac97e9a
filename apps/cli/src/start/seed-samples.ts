import { join } from 'node:path';
import { PageCommandHandler } from '@okapi/domain';
import { Runtime } from '@okapi/adapters/runtime/runtime';
import { importDump, SAMPLE_DUMPS, SAMPLES_DIR } from '@okapi/adapters/sources/dump';
import { importSnapshot } from '@okapi/adapters/sources/snapshot/snapshot.importer';

/** The bundled WME records (3 real "Squirrel" articles, see samples/SOURCES.md). */
export const SAMPLE_ARTICLES = join(SAMPLES_DIR, 'enterprise', 'articles.ndjson');

export interface SeedStats {
  readonly files: number;
  readonly appended: number;
}

/**
 * First-run seeding: imports the bundled real samples into an EMPTY event store, so a newcomer
 * sees data at once. A store that already holds events is left alone (no re-seeding after the
 * operator has imported their own data).
 */
export async function seedSamplesIfEmpty(
  runtime: Pick<Runtime, 'config' | 'eventStore'>,
): Promise<SeedStats | undefined> {
  if ((await runtime.eventStore.head()) > 0) return undefined;
  let appended = 0;
  for (const file of SAMPLE_DUMPS) appended += (await importDump(file, runtime)).appended;
  const handler = new PageCommandHandler(runtime.eventStore, { suspectThreshold: runtime.config.suspectThreshold });
  appended += (await importSnapshot(SAMPLE_ARTICLES, handler)).appended;
  return { files: SAMPLE_DUMPS.length + 1, appended };
}
