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

  /** `fallbackWiki` names the wiki only when the dump has no `<dbname>`. */
  build(schemaVersion: string, fallbackWiki: string | undefined): DumpSiteInfo | string {
    const wiki = this.dbname || fallbackWiki;
    if (!wiki) return 'the dump has no <siteinfo><dbname>; pass the wiki id explicitly (--wiki)';
    if (!WIKI_ID.test(wiki)) return `"${wiki}" is not a wiki id (expected [a-z0-9_]+)`;
    return { wiki, siteName: this.siteName, base: this.base, schemaVersion, namespaces: this.namespaces };
  }
}
