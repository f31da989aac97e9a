/**
 * Wiki id (MediaWiki dbname) -> domain, language and project URL, as WME's `is_part_of` /
 * `in_language` give them. Checked against WME's full project list (892 projects).
 */
export interface WikiDomain {
  readonly domain: string;
  readonly language: string;
  readonly projectUrl: string;
}

const FAMILIES: Readonly<Record<string, string>> = {
  wiki: 'wikipedia.org',
  wiktionary: 'wiktionary.org',
  wikibooks: 'wikibooks.org',
  wikinews: 'wikinews.org',
  wikiquote: 'wikiquote.org',
  wikisource: 'wikisource.org',
  wikiversity: 'wikiversity.org',
  wikivoyage: 'wikivoyage.org',
  wikimedia: 'wikimedia.org',
};

/** Wikis whose domain does not follow `{lang}.{family}`; multilingual ones report language `en`. */
const SPECIAL: Readonly<Record<string, string>> = {
  commonswiki: 'commons.wikimedia.org',
  metawiki: 'meta.wikimedia.org',
  specieswiki: 'species.wikimedia.org',
  incubatorwiki: 'incubator.wikimedia.org',
  outreachwiki: 'outreach.wikimedia.org',
  wikimaniawiki: 'wikimania.wikimedia.org',
  foundationwiki: 'foundation.wikimedia.org',
  mediawikiwiki: 'www.mediawiki.org',
  wikidatawiki: 'www.wikidata.org',
  testwikidatawiki: 'test.wikidata.org',
  wikifunctionswiki: 'www.wikifunctions.org',
  sourceswiki: 'wikisource.org',
  testcommonswiki: 'test-commons.wikimedia.org',
};

/** Language subdomains that differ from the dbname prefix. */
const DOMAIN_ALIASES: Readonly<Record<string, string>> = { 'be-x-old': 'be-tarask' };

const FAMILY_RE =
  /^([a-z0-9_]+?)(wiki|wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|wikimedia)$/;

export function wikiDomain(wiki: string): WikiDomain {
  const special = SPECIAL[wiki];
  if (special) return { domain: special, language: 'en', projectUrl: `https://${special}` };
  const m = FAMILY_RE.exec(wiki);
  const language = (m ? m[1] : wiki).replace(/_/g, '-');
  const family = m ? FAMILIES[m[2]] : FAMILIES.wiki;
  const domain = `${DOMAIN_ALIASES[language] ?? language}.${family}`;
  return { domain, language, projectUrl: `https://${domain}` };
}

// What would end or corrupt a URL path: `%` (escape), `?` (query), `#` (fragment), `"` (quoting
// in JSON/HTML attributes), whitespace and control characters. Everything else stays as is.
const URL_BREAKING = /[%?#"\s\p{Cc}]/gu;

/**
 * Title as it appears in a page URL, the way Wikimedia Enterprise writes it: spaces become
 * underscores and Unicode stays readable (`Kategorie:Begriffsklärung`, `Articles_with_'x'`); only
 * characters that would break a URL are percent-encoded (UTF-8), e.g. `100%_#1` -> `100%25_%231`.
 */
export function encodeTitle(title: string): string {
  const underscored = title.trim().replace(/ /g, '_');
  return underscored.replace(URL_BREAKING, (c) => encodeURIComponent(c));
}

/** `https://en.wikipedia.org/wiki/Title_with_underscores` (raw Unicode, as WME's records). */
export function articleUrl(wiki: string, title: string): string {
  return `${wikiDomain(wiki).projectUrl}/wiki/${encodeTitle(title)}`;
}
