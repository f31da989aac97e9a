// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { must } from '@okapi/domain';
import { realArticlesWithoutBody } from '@okapi/testing';
import { compileFields } from './fields-projection';

/** The projection of `fields`, which these tests name validly. */
const compiled = (fields: string[]) => must(compileFields(fields), fields.join(','));

const [, enwiki] = realArticlesWithoutBody()
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('compileFields', () => {
  it('keeps only the named paths, whole objects through the wildcard', () => {
    const p = compiled(['name', 'version.identifier', 'version.editor.name', 'event.*']);
    expect(p.apply(enwiki)).toEqual({
      name: 'Squirrel',
      version: { identifier: 1171934824, editor: { name: 'OAbot' } },
      event: enwiki.event,
    });
  });

  it('has a canonical key so equal selections share one serialisation', () => {
    expect(compiled(['event.*', 'name', 'name']).key).toBe(compiled(['name', 'event.*']).key);
  });

  it('omits what the article lacks, as WME omits empty fields', () => {
    expect(compiled(['previous_version.*', 'version.scores.revertrisk.*']).apply({ name: 'x' })).toEqual({});
  });

  it('returns undefined for no selection', () => {
    expect(compileFields(undefined)).toBeUndefined();
    expect(compileFields([])).toBeUndefined();
  });

  it('selects a whole object by its bare name, as with the wildcard (WME on-demand, SDK examples)', () => {
    expect(compiled(['name', 'version']).apply(enwiki)).toEqual({ name: 'Squirrel', version: enwiki.version });
    expect(compiled(['version.editor']).apply(enwiki)).toEqual(compiled(['version.editor.*']).apply(enwiki));
    expect(compiled(['version']).key).toBe(compiled(['version.*']).key);
  });

  it.each([
    ['name.*', /is not an object/],
    ['nonsense', /unknown field "nonsense"/],
    ['version..identifier', /not a dotted path/],
    ['name.first', /has no sub-fields/],
  ])('refuses %s', (field, message) => {
    expect(() => compileFields([field])).toThrow(message);
  });
});
