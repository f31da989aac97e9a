import { join } from 'node:path';

/** Root of the bundled real sample data (samples/, attribution in samples/SOURCES.md). */
export const SAMPLES_DIR = join(__dirname, '../../../../../samples');

/**
 * The bundled MediaWiki dumps `okapi start` seeds an empty data directory with (pywikibot's test
 * dumps, MIT; 3 enwiki pages, 5 revisions). Import each with `importDump(file, runtime)`.
 */
export const SAMPLE_DUMPS: readonly string[] = ['pair-0.10.xml', 'article-pear-0.10.xml'].map((f) =>
  join(SAMPLES_DIR, 'xml', f),
);
