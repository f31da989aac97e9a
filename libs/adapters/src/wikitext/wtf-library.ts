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

function load(): Wtf {
  const file = require.resolve('wtf_wikipedia');
  const source = readFileSync(file, 'utf8');
  if (!source.includes(SLOW_SPLIT))
    throw new Error(`${file}: the sentence splitter wtf-library.ts replaces is not there (wtf_wikipedia changed?)`);
  // sourceURL: stack traces and CPU profiles name the package's file.
  const code = `${source.replace(SLOW_SPLIT, 'return okapiSplitSentences(str)')}\n//# sourceURL=${file}`;
  const module = { exports: {} as Wtf };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- runs the package's own source, splitter replaced
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
