// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readFileSync } from 'node:fs';
import { realDataPath } from '@okapi/testing';
import { must } from '../shared/must';
import { enrichmentFromWme, WmeEnrichmentSource } from './wme-enrichment';

const records = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as WmeEnrichmentSource & { is_part_of: { identifier: string } });

describe('enrichmentFromWme (real WME records)', () => {
  const en = must(
    records.find((r) => r.is_part_of.identifier === 'enwiki'),
    'enwiki',
  );
  const de = must(
    records.find((r) => r.is_part_of.identifier === 'dewiki'),
    'dewiki',
  );

  it('keeps what a snapshot line says of the previous revision', () => {
    const e = enrichmentFromWme(en);
    expect(e.datePreviouslyModified).toBe('2023-08-18T07:13:50Z');
    expect(e.previousNumberOfCharacters).toBe(34563);
  });

  it('keeps the WME-only fields verbatim', () => {
    const e = enrichmentFromWme(en);
    expect(e.mainEntity).toEqual({ identifier: 'Q9482', url: 'https://www.wikidata.org/entity/Q9482' });
    expect(e.redirects).toHaveLength(12);
    expect(e.watchersCount).toBe(343);
    expect(e.numberOfCharacters).toBe(34611);
  });

  it('leaves out what the record does not have', () => {
    const e = enrichmentFromWme(de);
    expect(Object.keys(e)).not.toContain('datePreviouslyModified');
    expect(Object.keys(e)).not.toContain('redirects');
  });
});
