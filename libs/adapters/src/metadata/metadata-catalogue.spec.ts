// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { readRealJson } from '@okapi/testing';
import { must } from '@okapi/domain';
import { deriveProject, Language, MetadataCatalogue, Namespace, Project, ProjectCode } from './metadata-catalogue';

// The real WME metadata lists (wme-sdk-go testdata) check what Okapi derives on its own.
const real = (file: string): unknown => readRealJson('enterprise', file);

describe('MetadataCatalogue', () => {
  const catalogue = new MetadataCatalogue();

  it("describes what WME's real records describe, from Okapi's own tables", () => {
    expect(catalogue.project('enwiki')).toEqual(real('project.json'));
    expect(catalogue.language('en')).toEqual(real('language.json'));
    const strip = (n: Namespace) => ({ identifier: n.identifier, name: n.name });
    expect(catalogue.namespaces.map(strip)).toEqual((real('namespaces.json') as Namespace[]).map(strip));
    for (const n of catalogue.namespaces) expect(n.description?.length).toBeGreaterThan(20);
    const names = (codes: readonly ProjectCode[]) => codes.map((c) => [c.identifier, c.name]);
    expect(names(catalogue.codes)).toEqual(expect.arrayContaining(names(real('codes.json') as ProjectCode[])));
    expect(catalogue.codes.find((c) => c.identifier === 'wiki')).toEqual(real('code.json'));

    // Every one of WME's 339 languages: known, same direction, and (ICU or our table) mostly the same name.
    const languages = real('languages.json') as Language[];
    const found = languages.map((l) => catalogue.language(l.identifier));
    expect(found.filter((l) => l === undefined)).toEqual([]);
    const ours = found.map((l, i) => must(l, languages[i].identifier));
    expect(ours.map((l) => [l.identifier, l.direction])).toEqual(languages.map((l) => [l.identifier, l.direction]));
    const sameName = languages.filter((l, i) => ours[i].name === l.name).length;
    expect(sameName / languages.length).toBeGreaterThan(0.9);
    for (const l of ours) expect(Object.keys(l)).toEqual(['identifier', 'name', 'alternate_name', 'direction']);
  });

  it('derives url, code and language of all 892 real projects from their ids alone', () => {
    for (const p of real('projects.json') as Project[]) {
      const d = deriveProject(p.identifier);
      expect([p.identifier, d.url, d.code, d.in_language.identifier]).toEqual([
        p.identifier,
        p.url,
        p.code,
        p.in_language.identifier,
      ]);
    }
  });

  it('describes wikis and namespaces outside the catalogue', () => {
    expect(catalogue.project('xxwiktionary')).toEqual({
      name: 'Wiktionary',
      identifier: 'xxwiktionary',
      url: 'https://xx.wiktionary.org',
      code: 'wiktionary',
      in_language: { identifier: 'xx' },
    });
    expect(catalogue.namespace(1)).toEqual({ identifier: 1, name: 'Talk' });
    expect(catalogue.namespace(6)?.name).toBe('File');
    expect(catalogue.namespace(12345)).toBeUndefined();
    for (const id of ['zz-nope', '__proto__', 'constructor', 'x'.repeat(300)])
      expect(catalogue.language(id)).toBeUndefined();
    expect(catalogue.languagesOf(['dewiki', 'enwiki', 'frwiktionary', 'enwikibooks'].map(deriveProject))).toEqual(
      ['de', 'en', 'fr'].map((id) => catalogue.language(id)),
    );
  });
});
