/**
 * On-demand Articles (`GetArticles` / `get_articles`): the SDK's own example runs as written,
 * every response decodes into the Go structs with WME's date format, and every SDK struct field
 * is compared with what its source holds: the real WME records (imported with import-snapshot)
 * and the real MediaWiki dumps (import-dump).
 */
import { join } from 'node:path';
import { must } from '@okapi/domain';
import { badDates } from './client/python-dates';
import { expectFilled, realArticles, sdkClients } from './support/clients';
import { expectedFromDump, readDump } from './support/dump-source';
import { compareWithSource } from './support/struct-fields';
import { suiteState } from './support/suite-state';

type Rec = Record<string, unknown>;
const wikiOf = (a: Rec): string => (a.is_part_of as { identifier: string }).identifier;

describe('WME SDK conformance: on-demand articles', () => {
  it.each(['go', 'python'] as const)(
    '%s: the SDK example (fields with a bare "version") runs as written',
    async (flavour) => {
      const c = (await sdkClients())[flavour];
      // wme-sdk-go example/ondemand/main.go, with a title the suite imported.
      const got = await c.getArticles('Squirrel', {
        fields: ['name', 'abstract', 'url', 'version'],
        filters: [{ field: 'in_language.identifier', value: 'en' }],
      });
      expect(got).toHaveLength(1);
      expect(Object.keys(got[0]).sort()).toEqual(['abstract', 'name', 'url', 'version']);
      expectFilled(got[0], [
        'name',
        'abstract',
        'url',
        'version.identifier',
        'version.editor.name',
        'version.size.value',
      ]);
      const real = must(
        realArticles().find((a) => wikiOf(a) === 'enwiki'),
        'enwiki',
      );
      expect(got[0].version).toMatchObject({ ...(real.version as Rec), scores: expect.any(Object) });
    },
  );

  it('serves every WME record field for field as WME served it (import-snapshot source)', async () => {
    const { go, python } = await sdkClients();
    const fromGo = await go.getArticles('Squirrel');
    const fromPython = await python.getArticles('Squirrel');
    expect(fromPython).toEqual(fromGo);
    expect(fromGo.map(wikiOf).sort()).toEqual(['dewiki', 'enwiki', 'ruwiki']);
    for (const okapi of fromGo) {
      expect(badDates(okapi)).toEqual([]);
      const source = must(
        realArticles().find((a) => wikiOf(a) === wikiOf(okapi)),
        wikiOf(okapi),
      );
      const mismatches = compareWithSource(okapi, source, {
        'version.number_of_characters': 'counted from the wikitext when the record omits it (code points, as WME)',
        'version.size': 'the wikitext size in bytes when the record omits it',
      });
      expect({ wiki: wikiOf(okapi), mismatches }).toEqual({ wiki: wikiOf(okapi), mismatches: [] });
      expectFilled(okapi, [
        'name',
        'identifier',
        'url',
        'version.identifier',
        'article_body.html',
        'article_body.wikitext',
      ]);
    }
  });

  it('serves what the XML dumps hold, and nothing a dump cannot hold (import-dump source)', async () => {
    const { python } = await sdkClients();
    const xml = join(suiteState().realDataDir, 'xml');
    const pages = [...readDump(join(xml, 'article-pear-0.10.xml')), ...readDump(join(xml, 'pair-0.10.xml'))].filter(
      (p) => p.ns === 0,
    );
    expect(pages.map((p) => p.title)).toEqual(['Pear', 'Çullu, Agdam']);
    for (const page of pages) {
      const [okapi] = await python.getArticles(page.title.replace(/ /g, '_'), {
        filters: [{ field: 'is_part_of.identifier', value: 'enwiki' }],
      });
      const expected = expectedFromDump(page, 'https://en.wikipedia.org', 'en');
      const mismatches = compareWithSource(okapi, expected, {
        abstract: 'derived from the wikitext (wtf_wikipedia): dumps hold no abstract',
        categories: 'parsed from the wikitext links: dumps hold no category table',
        templates: 'parsed from the wikitext transclusions: dumps hold no template table',
        article_body: 'wikitext from the dump; html rendered from it (no Parsoid HTML in a dump)',
        license: "the project's content licence (CC BY-SA 4.0): a dump states none per page",
      });
      expect({ page: page.title, mismatches }).toEqual({ page: page.title, mismatches: [] });
      const last = page.revisions[page.revisions.length - 1];
      expect((okapi.article_body as Rec).wikitext).toBe(last.text);
      expect(badDates(okapi)).toEqual([]);
    }
  });

  it('applies limit and refuses a limit above 10 with 422, as WME does', async () => {
    const { go } = await sdkClients();
    expect(await go.getArticles('Squirrel', { limit: 2 })).toHaveLength(2);
    await expect(go.getArticles('Squirrel', { limit: 11 })).rejects.toMatchObject({ status: 422 });
  });
});
