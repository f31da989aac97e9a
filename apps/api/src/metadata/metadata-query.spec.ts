import { applyMetadataQuery, parseMetadataQuery } from './metadata-query';

const PROJECTS = [
  {
    name: 'Wikipedia',
    identifier: 'enwiki',
    url: 'https://en.wikipedia.org',
    code: 'wiki',
    in_language: { identifier: 'en' },
  },
  {
    name: 'Wiktionary',
    identifier: 'dewiktionary',
    url: 'https://de.wiktionary.org',
    code: 'wiktionary',
    in_language: { identifier: 'de' },
  },
];
const KEYS = ['name', 'identifier', 'url', 'code', 'in_language'];

describe('metadata fields and filters', () => {
  it('filters by exact value on dotted paths and projects fields', () => {
    const q = parseMetadataQuery(
      { filters: '[{"field":"in_language.identifier","value":"de"}]', fields: 'identifier,in_language.*' },
      undefined,
      KEYS,
    );
    expect(applyMetadataQuery(PROJECTS, q)).toEqual([
      { identifier: 'dewiktionary', in_language: { identifier: 'de' } },
    ]);
    expect(
      applyMetadataQuery(PROJECTS, parseMetadataQuery({}, { filters: [{ field: 'code', value: 'wiki' }] }, KEYS)),
    ).toEqual([PROJECTS[0]]);
  });

  it('refuses unknown fields, unknown parameters and malformed filters', () => {
    expect(() => parseMetadataQuery({ fields: 'password' }, undefined, KEYS)).toThrow(/unknown field/);
    expect(() => parseMetadataQuery({ limits: '3' }, undefined, KEYS)).toThrow(/unknown parameter/);
    // The WME SDKs send their shared Request everywhere: its members are accepted and ignored.
    const sdk = { limit: 3, since: '2024-01-01T00:00:00Z', parts: [0], offsets: { '0': 1 }, since_per_partition: {} };
    expect(applyMetadataQuery(PROJECTS, parseMetadataQuery({}, sdk, KEYS))).toEqual(PROJECTS);
    expect(() => parseMetadataQuery({}, { filters: [{ field: 'code' }] }, KEYS)).toThrow(/filter/);
    expect(() => parseMetadataQuery({ filters: '{nope' }, undefined, KEYS)).toThrow(/array/);
  });
});
