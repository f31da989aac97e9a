/**
 * wtf_wikipedia as every module here uses it: the package's CommonJS build, with its sentence
 * splitter made linear. wtf splits each line with `str.split(/(\S.+?[.!?]"?)(?=\s|$)/g)`: from
 * every start character the lazy `.+?` runs to the end of the line when no sentence end follows,
 * so a line without `. ` costs O(length²): one 1 MB word took over 10 minutes, and on ordinary
 * articles it was ~20 % of a derivation. `splitSentences` gives the same array in one pass
 * (wtf-library.spec.ts compares both on generated and real text).
 *
 * The build is read and evaluated with that one line replaced; the package version is pinned, and
 * a build without that line fails loudly here rather than silently keeping the slow splitter.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type wtfType from 'wtf_wikipedia';
import { isWideSpace } from '@okapi/domain';

type Wtf = typeof wtfType;

const SLOW_SPLIT = 'return str.split(/(\\S.+?[.!?]"?)(?=\\s|$)/g) //\\u3002';

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return isWideSpace(c);
}

/** What `.` does not match (no `s` flag). */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** End (exclusive) of a sentence whose `[.!?]` is at `k`: `"?` then `(?=\s|$)`; 0 when none. */
function sentenceEndAt(s: string, k: number): number {
  const c = s.charCodeAt(k);
  if (c !== 46 && c !== 33 && c !== 63) return 0;
  if (s.charCodeAt(k + 1) === 34 && (k + 2 === s.length || isSpace(s.charCodeAt(k + 2)))) return k + 2;
  if (k + 1 === s.length || isSpace(s.charCodeAt(k + 1))) return k + 1;
  return 0;
}

/**
 * `s.split(/(\S.+?[.!?]"?)(?=\s|$)/g)` in linear time. A sentence starts at a non-space `i` and
 * ends at the first `[.!?]` at `i + 2` or later that closes one, with no line break between.
 * When a line break (or the end) comes first, every start before it fails the same way, so the
 * search resumes after it instead of retrying each start.
 */
export function splitSentences(s: string): string[] {
  const n = s.length;
  const out: string[] = [];
  let p = 0;
  let i = 0;
  while (i < n) {
    if (isSpace(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = 0;
    let k = i + 1;
    for (; k < n; k++) {
      if (k >= i + 2 && (end = sentenceEndAt(s, k))) break;
      if (isLineBreak(s.charCodeAt(k))) break;
    }
    if (end) {
      out.push(s.slice(p, i), s.slice(i, end));
      p = i = end;
    } else if (k >= n) break;
    else i = k + 1;
  }
  out.push(s.slice(p));
  return out;
}

/**
 * `wtf(text, TEXT_ONLY)`: a document whose templates that render to nothing are not parsed into
 * data. wtf parses the parameters of every template it does not know (and of every `cite …`) into
 * JSON, each value through its sentence parser, only to list them in `templates()` and
 * `references()`, and replaces them by nothing in the text. What the HTML and the text read of
 * those lists is each template's kind (a reference section holding only templates is kept), and
 * that comes from the name alone: such a template is listed as `{ template: name }`. Templates
 * whose name alone does not decide (no name, `infobox`, `gallery`) are parsed as before.
 * Not for callers that read template data (structured-contents.ts reads references, short
 * descriptions and infoboxes): they call wtf without the option.
 */
export const TEXT_ONLY = { okapiTextOnly: true } as const;

const IS_TEXT_ONLY = 'doc && doc._options && doc._options.okapiTextOnly === true';

/** wtf's fallback for a template it does not know: parse its parameters, render nothing. */
const UNKNOWN_TEMPLATE = '    //an unknown template with data, so just keep it.\n    let json = parser(tmpl.body);';
const UNKNOWN_TEMPLATE_BY_NAME = `    if (${IS_TEXT_ONLY}) {
      const okapiName = pipeSplitter(strip(tmpl.body || ''))[0];
      const okapiTemplate = okapiName ? fmtName(okapiName) : '';
      if (okapiTemplate && okapiTemplate !== 'infobox' && okapiTemplate !== 'gallery') return ['', { template: okapiTemplate }];
    }
`;
/** `cite …` templates: parsed into a citation, rendered as nothing. */
const CITE_TEMPLATE = '    if (/^cite [a-z]/.test(name) === true) {\n';
const CITE_TEMPLATE_BY_NAME = `    if (/^cite [a-z]/.test(name) === true && ${IS_TEXT_ONLY}) return ['', { template: 'citation' }];\n`;

/** Replacements in wtf's source: each text must occur exactly once. */
const PATCHES: readonly { readonly slow: string; readonly fast: string; readonly what: string }[] = [
  { slow: SLOW_SPLIT, fast: 'return okapiSplitSentences(str)', what: 'the sentence splitter' },
  { slow: UNKNOWN_TEMPLATE, fast: UNKNOWN_TEMPLATE_BY_NAME + UNKNOWN_TEMPLATE, what: 'the unknown-template parse' },
  { slow: CITE_TEMPLATE, fast: CITE_TEMPLATE_BY_NAME + CITE_TEMPLATE, what: 'the cite-template parse' },
];

function load(): Wtf {
  const file = require.resolve('wtf_wikipedia');
  let source = readFileSync(file, 'utf8');
  for (const { slow, fast, what } of PATCHES) {
    if (source.split(slow).length !== 2)
      throw new Error(`${file}: ${what} that wtf-library.ts replaces is not there once (wtf_wikipedia changed?)`);
    source = source.replace(slow, () => fast);
  }
  // sourceURL: stack traces and CPU profiles name the package's file.
  const code = `${source}\n//# sourceURL=${file}`;
  const module = { exports: {} as Wtf };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- runs the package's own source, with PATCHES
  new Function('exports', 'require', 'module', '__filename', '__dirname', 'okapiSplitSentences', code)(
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
    splitSentences,
  );
  return module.exports;
}

export const wtf: Wtf = load();
