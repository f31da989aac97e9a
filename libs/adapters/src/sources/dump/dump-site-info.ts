import { wikiDomain } from '@okapi/domain';

/** What `<siteinfo>` says about the wiki. */
export interface DumpSiteInfo {
  readonly wiki: string;
  readonly siteName?: string;
  readonly base?: string;
  readonly schemaVersion: string;
  /** Namespace key -> prefix as it appears in titles ('' for the main namespace). */
  readonly namespaces: ReadonlyMap<number, string>;
}

const WIKI_ID = /^[a-z0-9_]+$/;

/** `<siteinfo>` as it is read; `build` turns it into a DumpSiteInfo or says what is wrong. */
export class SiteInfoFields {
  dbname: string | undefined;
  siteName: string | undefined;
  base: string | undefined;
  namespaceKey = 0;
  readonly namespaces = new Map<number, string>();

  /**
   * The wiki is `<dbname>`; without it (schemas before 0.10) `fallbackWiki` (the caller's
   * `--wiki`), else the wiki whose domain `<base>` names (`http://en.wikipedia.org/...` -> enwiki).
   */
  build(schemaVersion: string, fallbackWiki: string | undefined): DumpSiteInfo | string {
    const wiki = this.dbname || fallbackWiki || wikiFromBase(this.base);
    if (!wiki)
      return 'the dump has no <siteinfo><dbname> and no <base> naming a Wikimedia wiki; pass the wiki id explicitly (--wiki)';
    if (!WIKI_ID.test(wiki)) return `"${wiki}" is not a wiki id (expected [a-z0-9_]+)`;
    return { wiki, siteName: this.siteName, base: this.base, schemaVersion, namespaces: this.namespaces };
  }
}

const FAMILY_SUFFIX: Readonly<Record<string, string>> = {
  wikipedia: 'wiki',
  wiktionary: 'wiktionary',
  wikibooks: 'wikibooks',
  wikinews: 'wikinews',
  wikiquote: 'wikiquote',
  wikisource: 'wikisource',
  wikiversity: 'wikiversity',
  wikivoyage: 'wikivoyage',
  wikimedia: 'wiki',
};

/**
 * The wiki id whose domain is `<base>`'s host: the inverse of `wikiDomain`, checked by round trip
 * so only a host that maps back exactly is accepted (`en.wikipedia.org` -> `enwiki`,
 * `commons.wikimedia.org` -> `commonswiki`, `be-tarask.wikipedia.org` -> `be_x_oldwiki`).
 */
export function wikiFromBase(base: string | undefined): string | undefined {
  let host: string;
  try {
    host = new URL(base ?? '').hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const m = /^([a-z0-9-]+)\.([a-z]+)\.org$/.exec(host);
  if (!m) return undefined;
  const [, sub, family] = m;
  const lang = (sub === 'be-tarask' ? 'be-x-old' : sub).replace(/-/g, '_');
  // `{lang}{family suffix}` for language editions; special wikis (commonswiki, wikidatawiki,
  // testwikidatawiki, mediawikiwiki) are one of the other shapes.
  const candidates = [
    `${lang}${FAMILY_SUFFIX[family] ?? 'wiki'}`,
    `${lang}wiki`,
    `${family}wiki`,
    `${lang}${family}wiki`,
  ];
  return candidates.find((wiki) => WIKI_ID.test(wiki) && wikiDomain(wiki).domain === host);
}

/** The namespace a title's prefix names (`Talk:X` -> 1), 0 when the prefix is no namespace's. */
export function namespaceOfTitle(title: string, site: DumpSiteInfo): number {
  const colon = title.indexOf(':');
  if (colon <= 0) return 0;
  const prefix = title.slice(0, colon);
  for (const [key, name] of site.namespaces) if (key !== 0 && name === prefix) return key;
  return 0;
}
