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

const FAMILY_RE = /^([a-z0-9_]+?)(wiki|wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity|wikivoyage|wikimedia)$/;

export function wikiDomain(wiki: string): WikiDomain {
  const special = SPECIAL[wiki];
  if (special) return { domain: special, language: 'en', projectUrl: `https://${special}` };
  const m = FAMILY_RE.exec(wiki);
  const language = (m ? m[1] : wiki).replace(/_/g, '-');
  const family = m ? FAMILIES[m[2]] : FAMILIES.wiki;
  const domain = `${DOMAIN_ALIASES[language] ?? language}.${family}`;
  return { domain, language, projectUrl: `https://${domain}` };
}

/**
 * Title as it appears in a page URL: spaces become underscores, then percent-encoded like
 * MediaWiki's wfUrlencode (which leaves `;@$!*(),/~:` readable).
 */
export function encodeTitle(title: string): string {
  return encodeURIComponent(title.trim().replace(/ /g, '_'))
    .replace(/'/g, '%27')
    .replace(/%(3B|40|24|21|2A|28|29|2C|2F|7E|3A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `https://en.wikipedia.org/wiki/Title_with_underscores` (percent-encoded, ':' and '/' kept). */
export function articleUrl(wiki: string, title: string): string {
  return `${wikiDomain(wiki).projectUrl}/wiki/${encodeTitle(title)}`;
}
