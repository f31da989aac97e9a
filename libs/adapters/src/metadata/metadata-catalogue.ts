import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wikiDomain } from '@okapi/domain';

/** WME metadata shapes (wme-api.md §1.2). */
export interface Project {
  readonly name: string;
  readonly identifier: string;
  readonly url: string;
  readonly code: string;
  readonly in_language: { readonly identifier: string };
}
export interface Language {
  readonly identifier: string;
  readonly name: string;
  readonly alternate_name?: string;
  readonly direction: string;
}
export interface Namespace {
  readonly identifier: number;
  readonly name: string;
  readonly description?: string;
}
export interface ProjectCode {
  readonly identifier: string;
  readonly name: string;
  readonly description?: string;
}

const DIR = join(__dirname, 'catalogue');

function load<T>(file: string): T[] {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8')) as T[];
}

/**
 * The bundled WME metadata (real records from the WME SDK, see catalogue/SOURCES.md), loaded once.
 * Okapi covers any wiki, so wikis missing from the catalogue get a record derived from their id.
 */
export class MetadataCatalogue {
  private readonly projects = new Map<string, Project>();
  readonly languages: readonly Language[];
  readonly namespaces: readonly Namespace[];
  readonly codes: readonly ProjectCode[];

  constructor() {
    for (const p of load<Project>('projects.json')) this.projects.set(p.identifier, p);
    this.languages = load<Language>('languages.json');
    this.namespaces = load<Namespace>('namespaces.json');
    this.codes = load<ProjectCode>('codes.json');
  }

  /** The catalogue record of a wiki, or one derived from its id (`xxwiktionary`, `enwiki`, ...). */
  project(wiki: string): Project {
    return this.projects.get(wiki) ?? deriveProject(wiki);
  }

  language(id: string): Language | undefined {
    return this.languages.find((l) => l.identifier === id);
  }

  namespace(id: number): Namespace | undefined {
    return this.namespaces.find((n) => n.identifier === id) ?? canonicalNamespace(id);
  }
}

const CODE_NAMES: Readonly<Record<string, string>> = {
  wiki: 'Wikipedia',
  wiktionary: 'Wiktionary',
  wikibooks: 'Wikibooks',
  wikinews: 'Wikinews',
  wikiquote: 'Wikiquote',
  wikisource: 'Wikisource',
  wikiversity: 'Wikiversity',
  wikivoyage: 'Wikivoyage',
  wikimedia: 'Wikimedia',
};

/** A WME-shaped record for a wiki the catalogue lacks, from the domain's dbname rules. */
export function deriveProject(wiki: string): Project {
  const { projectUrl, language } = wikiDomain(wiki);
  const code =
    /(wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|wikimedia)$/.exec(wiki)?.[1] ?? 'wiki';
  return {
    name: CODE_NAMES[code] ?? wiki,
    identifier: wiki,
    url: projectUrl,
    code,
    in_language: { identifier: language },
  };
}

/** MediaWiki's canonical names for namespaces WME does not describe. */
const CANONICAL: Readonly<Record<number, string>> = {
  [-2]: 'Media',
  [-1]: 'Special',
  1: 'Talk',
  2: 'User',
  3: 'User talk',
  4: 'Project',
  5: 'Project talk',
  7: 'File talk',
  8: 'MediaWiki',
  9: 'MediaWiki talk',
  11: 'Template talk',
  12: 'Help',
  13: 'Help talk',
  15: 'Category talk',
  100: 'Portal',
  101: 'Portal talk',
  118: 'Draft',
  119: 'Draft talk',
  828: 'Module',
  829: 'Module talk',
};

function canonicalNamespace(id: number): Namespace | undefined {
  const name = CANONICAL[id];
  return name === undefined ? undefined : { identifier: id, name };
}
