/**
 * Categories and templates named directly in wikitext, with WME names (`Kategorie:Begriffsklärung`,
 * local namespace prefix) and Okapi urls (articleUrl: raw Unicode as in WME records; only characters
 * that would break a URL, such as `%` `#` `?`, are percent-encoded).
 *
 * What this cannot see, unlike WME (which asks MediaWiki after rendering): categories added by
 * templates (maintenance/tracking categories) and templates reached only through other templates
 * or redirects. It finds what the page's own wikitext says, in a regex pass per kind (linear).
 */
import { articleUrl, wikiDomain, must } from '@okapi/domain';
import { CANONICAL_NAMESPACES, namespaceAliases, namespaceNames } from './wiki-namespaces';

export interface LinkContext {
  readonly wiki: string;
}

export interface NamedLink {
  name: string;
  url: string;
}

// Comments, nowiki/pre/source blocks: their contents are not parsed by MediaWiki.
const INERT = /<!--[\s\S]*?(?:-->|$)|<(nowiki|pre|syntaxhighlight|source|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const CATEGORY_LINK = /\[\[\s*([^\]|[:\n]+?)\s*:\s*([^\]|[\n]+?)\s*(?:\|[^\]]*)?\]\]/g;
// `{{name|` `{{name}}` — not `{{{param}}}`, not `{{#parserfunction:`.
const TEMPLATE_CALL = /(?<!\{)\{\{(?!\{)\s*([^{}|<>[\]\n#]+?)\s*(?=\||\}\}|\n)/g;

const MAGIC_WORDS = new Set([
  'pagename',
  'pagenamee',
  'fullpagename',
  'fullpagenamee',
  'basepagename',
  'subpagename',
  'rootpagename',
  'talkpagename',
  'namespace',
  'namespacee',
  'sitename',
  'server',
  'servername',
  'scriptpath',
  'currentyear',
  'currentmonth',
  'currentmonthname',
  'currentday',
  'currentday2',
  'currentdayname',
  'currenttime',
  'currenthour',
  'currenttimestamp',
  'localyear',
  'localmonth',
  'localday',
  'localtime',
  'numberofarticles',
  'numberofpages',
  'numberofusers',
  'numberoffiles',
  'revisionid',
  'revisionyear',
  'revisionmonth',
  'revisionday',
  'revisionuser',
  'revisiontimestamp',
  'pageid',
  '!',
  '=',
  'contentlanguage',
  'dirmark',
  'articlepath',
]);
const PARSER_FUNCTIONS = new Set([
  'lc',
  'uc',
  'lcfirst',
  'ucfirst',
  'urlencode',
  'anchorencode',
  'fullurl',
  'fullurle',
  'localurl',
  'localurle',
  'canonicalurl',
  'filepath',
  'formatnum',
  'padleft',
  'padright',
  'plural',
  'grammar',
  'gender',
  'int',
  'ns',
  'nse',
  'tag',
  'displaytitle',
  'defaultsort',
  'defaultsortkey',
  'defaultcategorysort',
  'pagesincategory',
  'pagesize',
  'protectionlevel',
  'msg',
  'msgnw',
  'raw',
  'subst',
  'safesubst',
  'pagesincat',
  'numberingroup',
  'special',
  'speciale',
  'bidi',
  'formatdate',
  'dateformat',
]);

export function stripInert(wikitext: string): string {
  return wikitext.replace(INERT, ' ');
}

function capitalize(name: string, wiki: string): string {
  // Wiktionaries keep case-sensitive first letters ($wgCapitalLinks = false).
  if (wiki.endsWith('wiktionary') || name === '') return name;
  const first = String.fromCodePoint(must(name.codePointAt(0), 'the first code point'));
  return first.toUpperCase() + name.slice(first.length);
}

function normalize(name: string, wiki: string): string {
  return capitalize(name.replace(/_/g, ' ').replace(/\s+/g, ' ').trim(), wiki);
}

function pushUnique(out: NamedLink[], seen: Set<string>, wiki: string, name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  out.push({ name, url: articleUrl(wiki, name) });
}

/** `[[Category:X|sort]]` (any local or canonical prefix), in order of first appearance. */
export function extractCategories(cleanText: string, ctx: LinkContext): NamedLink[] {
  return namedLinks(cleanText, ctx, 'category', CATEGORY_LINK, (m, aliases, prefix) => {
    if (!aliases.has(m[1].toLowerCase())) return undefined;
    const name = normalize(m[2], ctx.wiki);
    return name ? `${prefix}:${name}` : undefined;
  });
}

/** Directly transcluded templates (`{{X}}`, `{{Vorlage:X}}`, `{{subst:X}}`), in order of first appearance. */
export function extractTemplates(cleanText: string, ctx: LinkContext): NamedLink[] {
  return namedLinks(cleanText, ctx, 'template', TEMPLATE_CALL, (m, aliases, prefix) =>
    templateName(m[1], ctx.wiki, aliases, prefix),
  );
}

/**
 * The pages in `namespace` that `pattern` finds, each once, in order of first appearance: `nameOf`
 * reads a match with the wiki's aliases and local prefix of that namespace (undefined: not one).
 */
function namedLinks(
  cleanText: string,
  ctx: LinkContext,
  namespace: 'category' | 'template',
  pattern: RegExp,
  nameOf: (m: RegExpMatchArray, aliases: Set<string>, prefix: string) => string | undefined,
): NamedLink[] {
  const { language } = wikiDomain(ctx.wiki);
  const aliases = namespaceAliases(language)[namespace];
  const prefix = namespaceNames(language)[namespace];
  const out: NamedLink[] = [];
  const seen = new Set<string>();
  for (const m of cleanText.matchAll(pattern)) {
    const name = nameOf(m, aliases, prefix);
    if (name) pushUnique(out, seen, ctx.wiki, name);
  }
  return out;
}

function templateName(raw: string, wiki: string, aliases: Set<string>, prefix: string): string | undefined {
  let name = raw.trim();
  const subst = /^(safesubst|subst)\s*:/i.exec(name);
  if (subst) name = name.slice(subst[0].length).trim();
  if (name.startsWith(':')) return normalize(name.slice(1), wiki) || undefined; // main-namespace transclusion
  const colon = name.indexOf(':');
  if (colon > 0) {
    const ns = name.slice(0, colon).trim().toLowerCase();
    if (PARSER_FUNCTIONS.has(ns)) return undefined;
    if (aliases.has(ns)) return `${prefix}:${normalize(name.slice(colon + 1), wiki)}`;
    if (CANONICAL_NAMESPACES.has(ns)) return normalize(name, wiki);
  }
  // Magic words are upper-case ({{PAGENAME}}); {{Pagename}} would be a template.
  if (name === '' || (name === name.toUpperCase() && MAGIC_WORDS.has(name.toLowerCase()))) return undefined;
  return `${prefix}:${normalize(name, wiki)}`;
}
