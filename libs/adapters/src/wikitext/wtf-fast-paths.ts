/**
 * Two hot spots of deriving HTML with wtf_wikipedia 10 + wtf-plugin-html 1, replaced by code that
 * gives the same output (wtf-fast-paths.spec.ts compares both on real and synthetic articles):
 *
 * - References: wtf parses every `<ref>` (a citation template's parameters, or inline text) into
 *   reference objects that neither the HTML nor the lead text shows, ~25 % of a derivation on
 *   Wikipedia-like pages. `withEmptyReferences` empties them first; wtf still removes the tags.
 * - Sentence HTML: the plugin turns each link, bold and italic of a sentence into markup with
 *   `smartReplace`, which builds a RegExp (`\b<text>\b`) per replacement, ~10 %.
 *   `fastSentenceHtml` finds the same first word-bounded occurrence with indexOf, and expands the
 *   replacement's `$` patterns as String.prototype.replace does.
 *
 * Measured on Wikipedia-like articles (5 KB average): ~1,000 -> ~1,450 derivations per CPU-second.
 * A new version of either library must pass the spec again before DERIVER_VERSION-keyed stores
 * can trust it.
 */

/**
 * A `<ref>` or `<ref attributes>` element with its content. Content up to 1,800 characters only:
 * wtf matches refs with `[\s\S]{0,4000}?` / `{0,1800}?` after its own clean-up, so these are refs
 * it removes whole whatever that clean-up does inside them; longer ones are left to wtf.
 */
const REF = /<ref( [^>]{0,200})?>([\s\S]{0,1800}?)<\/ref>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;

/**
 * The wikitext with the content of its references emptied (`<ref>…</ref>` -> `<ref></ref>`).
 * wtf still finds and removes every reference, with the same spaces around it, but has nothing to
 * parse inside. Left alone: self-closing refs, refs holding another ref tag, and anything inside
 * an HTML comment (wtf drops comments up to 3,000 characters long: emptying a ref inside a longer
 * one could bring it under that limit).
 */
export function withEmptyReferences(wikitext: string): string {
  if (!/<ref/i.test(wikitext)) return wikitext;
  const comments: [number, number][] = [];
  if (wikitext.includes('<!--'))
    for (const m of wikitext.matchAll(COMMENT)) comments.push([m.index, m.index + m[0].length]);
  const inComment = (at: number): boolean => comments.some(([a, b]) => at >= a && at < b);
  return wikitext.replace(REF, (all: string, attrs: string | undefined, content: string, at: number) => {
    if (content === '' || attrs?.endsWith('/') || /<\/?ref/i.test(content) || inComment(at)) return all;
    return `<ref${attrs ?? ''}></ref>`;
  });
}

/** wtf's models as `wtf.extend` hands them over (only the one this file replaces). */
interface WtfModels {
  Sentence: { prototype: { html: (...args: unknown[]) => string } };
}

let pluginSentenceHtml: ((...args: unknown[]) => string) | undefined;

/** A wtf plugin: Sentence#html becomes fastSentenceHtml (install it after wtf-plugin-html). */
export function fastPathsPlugin(models: WtfModels): void {
  pluginSentenceHtml ??= models.Sentence.prototype.html;
  models.Sentence.prototype.html = fastSentenceHtml as (...args: unknown[]) => string;
}

/**
 * Runs `fn` with wtf-plugin-html's own Sentence#html (the reference the spec compares against);
 * `models` from the same `wtf.extend`.
 */
export function withPluginSentenceHtml<T>(models: WtfModels, fn: () => T): T {
  const fast = models.Sentence.prototype.html;
  models.Sentence.prototype.html = pluginSentenceHtml ?? fast;
  try {
    return fn();
  } finally {
    models.Sentence.prototype.html = fast;
  }
}

/** What `smartReplace` gets from a sentence (wtf's Sentence and Link models, as the plugin uses them). */
interface SentenceModel {
  text(): string;
  links(): { text(): string; page(): string; html(): string }[];
  bolds(): string[];
  italics(): string[];
}

/** The plugin's `doSentence` with default options (links and formatting on), same output. */
export function fastSentenceHtml(this: SentenceModel, options?: { links?: boolean; formatting?: boolean }): string {
  const o = { links: true, formatting: true, ...options };
  let text: string | number = this.text();
  if (markupCost(this, text.length) > MAX_SENTENCE_MARKUP_COST) return `<span class="sentence">${text}</span>`;
  if (o.links) {
    for (const link of this.links()) text = smartReplace(text, link.text() || link.page(), link.html());
  }
  if (o.formatting) {
    for (const str of this.bolds()) text = smartReplace(text, str, `<b>${str}</b>`);
    for (const str of this.italics()) text = smartReplace(text, str, `<i>${str}</i>`);
  }
  return `<span class="sentence">${text}</span>`;
}

/**
 * Each link, bold and italic of a sentence is found by a search from the sentence's start, so the
 * cost is their count times the sentence's length: quadratic in a sentence that is one long run
 * of markup (1 MB of `[http://a.b/ x] ` took minutes). Past this many characters scanned, the
 * sentence is rendered as its plain text, without the markup; real sentences are far below it
 * (a 2,000-character sentence with 100 links is 200,000).
 */
export const MAX_SENTENCE_MARKUP_COST = 20_000_000;

function markupCost(s: SentenceModel, length: number): number {
  if (length < 4096) return 0; // the common case, without counting
  return (s.links().length + s.bolds().length + s.italics().length) * length;
}

/**
 * The plugin's smartReplace: replace the first occurrence of `text` bounded by `\b` on both sides
 * (a RegExp built from the escaped text, no flags); failing that, `all.replace(escaped, result)`
 * with the escaped text as a plain string, as the plugin does (it rarely matches anything).
 */
export function smartReplace(all: string | number, text: string, result: string): string | number {
  if (!text || !all) return all;
  const s = typeof all === 'number' ? String(all) : all;
  const at = wordBoundedIndexOf(s, text);
  if (at >= 0) return s.slice(0, at) + expand(result, s, at, text.length) + s.slice(at + text.length);
  return s.replace(escapeRegExp(text), result);
}

/** JavaScript's `\w` (no `u` flag): what `\b` tells apart. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `\b` at position `p` of `s` (outside the string counts as a non-word character). */
function boundary(s: string, p: number): boolean {
  const before = p > 0 && isWordChar(s.charCodeAt(p - 1));
  const after = p < s.length && isWordChar(s.charCodeAt(p));
  return before !== after;
}

function wordBoundedIndexOf(s: string, text: string): number {
  for (let i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
    if (boundary(s, i) && boundary(s, i + text.length)) return i;
  }
  return -1;
}

/**
 * A string replacement's special patterns, as `String.prototype.replace` expands them for a match
 * of a RegExp without groups: `$$`, `$&`, `` $` ``, `$'`; `$1`... and `$<` stay as they are.
 */
function expand(result: string, s: string, at: number, length: number): string {
  if (!result.includes('$')) return result;
  let out = '';
  for (let i = 0; i < result.length; i++) {
    const c = result[i];
    const next = result.at(i + 1);
    if (c !== '$' || next === undefined) {
      out += c;
      continue;
    }
    if (next === '$') out += '$';
    else if (next === '&') out += s.slice(at, at + length);
    else if (next === '`') out += s.slice(0, at);
    else if (next === "'") out += s.slice(at + length);
    else {
      out += c;
      continue;
    }
    i++;
  }
  return out;
}

/** The plugin's escapeRegExp (the fallback replaces this string literally, as the plugin does). */
function escapeRegExp(str: string): string {
  return str.replace(/[-[\]/{}()*+?.\\^$|]/g, '\\$&');
}

/**
 * Deepest template nesting handed to wtf. MediaWiki itself stops expanding at 40 levels
 * ($wgMaxTemplateDepth); wtf re-scans a template's whole body once per level, so nesting tens of
 * thousands deep (anyone can save it) costs minutes.
 */
export const MAX_TEMPLATE_DEPTH = 40;

/**
 * The wikitext with whatever is nested deeper than `max` templates (`{{` … `}}`, counted as
 * pairs of braces) left out, deeper braces included. Wikitext that never goes deeper is returned
 * as it is, so real articles derive exactly as before; deeper content sits inside templates, which
 * the HTML does not render anyway.
 */
export function withCappedTemplateNesting(wikitext: string, max = MAX_TEMPLATE_DEPTH): string {
  if (!deeperThan(wikitext, max)) return wikitext;
  const out: string[] = [];
  let depth = 0;
  let from = 0; // start of the text kept since the last deep part
  for (let i = 0; i < wikitext.length; ) {
    if (wikitext.startsWith('{{', i)) {
      if (depth === max) out.push(wikitext.slice(from, i)); // a deep part starts
      depth++;
      i += 2;
    } else if (depth > 0 && wikitext.startsWith('}}', i)) {
      depth--;
      i += 2;
      if (depth === max) from = i; // it ended
    } else i++;
  }
  if (depth <= max) out.push(wikitext.slice(from));
  return out.join('');
}

function deeperThan(wikitext: string, max: number): boolean {
  if (!wikitext.includes('{{')) return false;
  let depth = 0;
  for (let i = 0; i < wikitext.length; ) {
    if (wikitext.startsWith('{{', i)) {
      if (++depth > max) return true;
      i += 2;
    } else if (depth > 0 && wikitext.startsWith('}}', i)) {
      depth--;
      i += 2;
    } else i++;
  }
  return false;
}
