/** Wikitext -> WME parts. Import as `@okapi/adapters/wikitext` (kept out of the adapters index: it loads wtf_wikipedia). */
export { deriveFromWikitext } from './wikitext-deriver';
export { extractCategories, extractTemplates, stripInert } from './wikitext-links';
export { namespaceNames } from './wiki-namespaces';
export * from './derivation-pool';
export * from './structured-contents';
export * from './shared-derivation-pool';
export * from './guarded-structured-contents';
