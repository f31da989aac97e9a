import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveProject, MetadataCatalogue, Project } from './metadata-catalogue';

const FIXTURES = join(__dirname, '../../../../test/fixtures/enterprise-metadata');
const real = <T>(file: string): T => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as T;

describe('MetadataCatalogue', () => {
  const catalogue = new MetadataCatalogue();

  it('bundles the real WME records unchanged', () => {
    expect(catalogue.languages).toEqual(real('languages.json'));
    expect(catalogue.namespaces).toEqual(real('namespaces.json'));
    expect(catalogue.codes).toEqual(real('codes.json'));
    expect(catalogue.project('enwiki')).toEqual(real('project.json'));
    expect(catalogue.language('en')).toEqual(real('language.json'));
  });

  it('derives url, code and language of all 892 real projects from their ids alone', () => {
    for (const p of real<Project[]>('projects.json')) {
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
  });
});
