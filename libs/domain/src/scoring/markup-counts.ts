/**
 * Counts of wiki markup in a span of wikitext: links, references, templates, external URLs.
 * MediaWiki syntax, the same in every language (Wikimedia's language-agnostic revert-risk model
 * uses such counts too). Bounded: at most MAX_SPAN code units of a span are read.
 */
export interface MarkupCounts {
  readonly links: number;
  readonly refs: number;
  readonly templates: number;
  readonly urls: number;
  /** Section headings (`== H ==` at a line start). */
  readonly headings: number;
  /** Image and media file names (`x.jpg`, `x.svg`, `x.ogg`: any namespace name, any language). */
  readonly files: number;
}

const FILE_NAME = /\.(?:jpe?g|png|gif|svg|tiff?|webp|ogg|ogv|oga|webm|pdf|djvu)\b/gi;

export const MAX_SPAN = 262_144;

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The part of a span that is counted: its first MAX_SPAN code units. */
function bounded(span: string): string {
  return span.length > MAX_SPAN ? span.slice(0, MAX_SPAN) : span;
}

/** How often `needle` occurs in `span`, as markupCounts counts it. */
export function spanCount(span: string, needle: string): number {
  return occurrences(bounded(span), needle);
}

export function markupCounts(span: string): MarkupCounts {
  const s = bounded(span);
  return {
    links: occurrences(s, '[['),
    refs: occurrences(s, '<ref'),
    templates: occurrences(s, '{{'),
    urls: occurrences(s, '://'),
    headings: occurrences(s, '\n==') + (s.startsWith('==') ? 1 : 0),
    files: s.match(FILE_NAME)?.length ?? 0,
  };
}
