/** Wikitext -> WME parts. Import as `@okapi/adapters/wikitext` (kept out of the adapters index: it loads wtf_wikipedia). */
export { deriveFromWikitext } from './wikitext-deriver';
export { extractCategories, extractTemplates, stripInert } from './wikitext-links';
export { namespaceNames } from './wiki-namespaces';
