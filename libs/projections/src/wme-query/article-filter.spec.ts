// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { realArticlesWithoutBody } from '@okapi/testing';
import { must } from '@okapi/domain';
import { compileFilter } from './article-filter';
import { matchesPattern, subjectFilter } from '../realtime/article-subject';
import { WmeQueryError } from './wme-query.errors';

// Real WME articles (dewiki, enwiki, ruwiki "Squirrel") without their bodies, see test/SOURCES.md.
const ARTICLES = realArticlesWithoutBody()
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('compileFilter', () => {
  it('puts wiki, namespace and type into the subject pattern and needs no predicate', () => {
    const f = compileFilter([
      { field: 'is_part_of.identifier', value: 'enwiki' },
      { field: 'namespace.identifier', value: '0' },
      { field: 'event.type', value: 'update' },
    ]);
    expect(f.pattern).toEqual({ wiki: 'enwiki', namespace: 0, type: 'update' });
    expect(f.predicate).toBeUndefined();
    expect(subjectFilter('okapi.article', f.pattern)).toBe('okapi.article.enwiki.0.update.*');
  });

  it('maps the vandalism filter to the flag token', () => {
    expect(compileFilter([], 'only').pattern).toEqual({ flag: 'suspect' });
    expect(compileFilter([], 'exclude').pattern).toEqual({ flag: 'ok' });
    expect(subjectFilter('okapi.article', compileFilter([]).pattern)).toBe('okapi.article.>');
  });

  it('matches in_language and editor fields on the real articles by predicate', () => {
    const lang = compileFilter([{ field: 'in_language.identifier', value: 'ru' }]);
    expect(
      ARTICLES.filter(must(lang.predicate, 'the predicate')).map(
        (a) => (a.is_part_of as { identifier: string }).identifier,
      ),
    ).toEqual(['ruwiki']);
    const bots = compileFilter([{ field: 'version.editor.is_bot', value: 'true' }]);
    expect(ARTICLES.filter(must(bots.predicate, 'the predicate'))).toHaveLength(1);
  });

  it('ANDs filters', () => {
    const f = compileFilter([
      { field: 'in_language.identifier', value: 'en' },
      { field: 'version.is_minor_edit', value: false },
    ]);
    expect(ARTICLES.filter(must(f.predicate, 'the predicate'))).toHaveLength(0);
  });

  it.each([
    [[{ field: 'version', value: 1 }], /cannot filter on "version"/],
    [[{ field: 'namespace.identifier', value: 'main' }], /needs an integer value/],
    [[{ field: 'is_part_of.identifier', value: 'en.*' }], /not a valid identifier/],
    [
      [
        { field: 'event.type', value: 'update' },
        { field: 'event.type', value: 'delete' },
      ],
      /twice/,
    ],
  ])('refuses %j', (filters, message) => {
    expect(() => compileFilter(filters)).toThrow(WmeQueryError);
    expect(() => compileFilter(filters)).toThrow(message);
  });

  it('gives filters that select the same Articles the same key, and different ones different keys', () => {
    const lang = { field: 'in_language.identifier', value: 'ru' };
    const wiki = { field: 'is_part_of.identifier', value: 'ruwiki' };
    const minor = { field: 'version.is_minor_edit', value: 'false' };
    expect(compileFilter([lang, wiki, minor]).key).toBe(compileFilter([minor, wiki, lang, lang], 'include').key);
    expect(compileFilter([{ field: 'version.is_minor_edit', value: false }]).key).toBe(compileFilter([minor]).key);
    const keys = [
      compileFilter([]),
      compileFilter([], 'only'),
      compileFilter([wiki]),
      compileFilter([lang]),
      compileFilter([wiki, lang]),
      compileFilter([{ field: 'name', value: '1' }]),
      compileFilter([{ field: 'identifier', value: 1 }]),
    ].map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('matches subject tokens in memory like the broker wildcard', () => {
    const p = compileFilter([{ field: 'namespace.identifier', value: 14 }], 'only').pattern;
    expect(matchesPattern(p, { wiki: 'dewiki', namespace: 14, type: 'delete', flag: 'suspect' })).toBe(true);
    expect(matchesPattern(p, { wiki: 'dewiki', namespace: 14, type: 'delete', flag: 'ok' })).toBe(false);
    expect(matchesPattern(p, { wiki: 'dewiki', namespace: 0, type: 'delete', flag: 'suspect' })).toBe(false);
  });
});
