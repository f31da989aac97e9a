import { wikiDomain } from '@okapi/domain';
import {
  CANONICAL_NAMESPACES,
  PROJECT_CODES,
  RTL_LANGUAGES,
  SERVED_NAMESPACES,
  WIKIMEDIA_LANGUAGE_NAMES,
} from './wiki-facts';

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

/**
 * WME metadata built from what Okapi knows itself (wiki-facts.ts), no bundled copy of WME's lists:
 * a project record is derived from its dbname (`xxwiktionary`, `enwiki`, ...), a language from
 * ICU's names (shipped with Node) plus a few Wikimedia-only codes, namespaces and project codes
 * from Okapi's own tables. Which projects and languages exist is what Okapi serves (see
 * MetadataService), not a fixed list.
 */
export class MetadataCatalogue {
  readonly namespaces: readonly Namespace[] = SERVED_NAMESPACES;
  readonly codes: readonly ProjectCode[] = PROJECT_CODES;
  private readonly english = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

  /** The record of a wiki, derived from its id. */
  project(wiki: string): Project {
    return deriveProject(wiki);
  }

  /** A language by its Wikimedia code, or undefined when neither ICU nor Okapi's table names it. */
  language(id: string): Language | undefined {
    const name = WIKIMEDIA_LANGUAGE_NAMES.get(id) ?? displayName(this.english, id);
    if (name === undefined) return undefined;
    return {
      identifier: id,
      name,
      alternate_name: autonym(id) ?? name,
      direction: RTL_LANGUAGES.has(id) ? 'rtl' : 'ltr',
    };
  }

  /** The languages of these projects, each once, by identifier. */
  languagesOf(projects: readonly Project[]): Language[] {
    const ids = [...new Set(projects.map((p) => p.in_language.identifier))].sort();
    return ids.map((id) => this.language(id)).filter((l): l is Language => l !== undefined);
  }

  namespace(id: number): Namespace | undefined {
    return this.namespaces.find((n) => n.identifier === id) ?? canonicalNamespace(id);
  }
}

/** ICU's name for a code; undefined for codes it does not know or cannot parse (`zh-classical`). */
function displayName(names: Intl.DisplayNames, id: string): string | undefined {
  try {
    return names.of(id);
  } catch {
    return undefined;
  }
}

/** The language's name for itself, when ICU has data for that language. */
function autonym(id: string): string | undefined {
  try {
    return displayName(new Intl.DisplayNames([id], { type: 'language', fallback: 'none' }), id);
  } catch {
    return undefined;
  }
}

const CODE_NAMES: ReadonlyMap<string, string> = new Map([
  ...PROJECT_CODES.map((c): [string, string] => [c.identifier, c.name]),
  ['wikimedia', 'Wikimedia'],
]);

/** A WME-shaped record for a wiki, from the domain's dbname rules. */
export function deriveProject(wiki: string): Project {
  const { projectUrl, language } = wikiDomain(wiki);
  const code =
    /(wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|wikimedia)$/.exec(wiki)?.[1] ?? 'wiki';
  return {
    name: CODE_NAMES.get(code) ?? wiki,
    identifier: wiki,
    url: projectUrl,
    code,
    in_language: { identifier: language },
  };
}

function canonicalNamespace(id: number): Namespace | undefined {
  const name = CANONICAL_NAMESPACES.get(id);
  return name === undefined ? undefined : { identifier: id, name };
}
