/**
 * JetStream subjects of the firehose: `{prefix}.{wiki}.{namespace}.{type}.{flag}`, prefix
 * `okapi.article` in production. The four tokens are the coarse filters the broker (or the
 * in-process bus) applies before any predicate runs.
 */
export const DEFAULT_SUBJECT_PREFIX = 'okapi.article';

export type ArticleFlag = 'ok' | 'suspect';

export interface SubjectTokens {
  readonly wiki: string;
  readonly namespace: number;
  readonly type: string;
  readonly flag: ArticleFlag;
}

/** A wildcard per token; `undefined` means "any" (`*`). */
export interface SubjectPattern {
  readonly wiki?: string;
  readonly namespace?: number;
  readonly type?: string;
  readonly flag?: ArticleFlag;
}

/** NATS tokens cannot hold `.`, wildcards or whitespace; wiki ids and WME event types never do. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

export function isSubjectToken(value: string): boolean {
  return TOKEN.test(value);
}

export function articleSubject(prefix: string, t: SubjectTokens): string {
  for (const v of [t.wiki, t.type]) {
    if (!isSubjectToken(v)) throw new RangeError(`"${v}" cannot be a subject token`);
  }
  return `${prefix}.${t.wiki}.${t.namespace}.${t.type}.${t.flag}`;
}

/** The subject filter for a pattern: `okapi.article.enwiki.*.*.*`, or `okapi.article.>` when open. */
export function subjectFilter(prefix: string, p: SubjectPattern): string {
  const tokens = [p.wiki, p.namespace === undefined ? undefined : String(p.namespace), p.type, p.flag];
  if (tokens.every((t) => t === undefined)) return `${prefix}.>`;
  return `${prefix}.${tokens.map((t) => t ?? '*').join('.')}`;
}

/** Splits a subject under `prefix` back into its tokens; undefined when it is not one of ours. */
export function parseArticleSubject(prefix: string, subject: string): SubjectTokens | undefined {
  if (!subject.startsWith(`${prefix}.`)) return undefined;
  const parts = subject.slice(prefix.length + 1).split('.');
  if (parts.length !== 4) return undefined;
  const [wiki, ns, type, flag] = parts;
  if (!/^-?\d+$/.test(ns) || (flag !== 'ok' && flag !== 'suspect')) return undefined;
  return { wiki, namespace: Number(ns), type, flag };
}

/** In-memory equivalent of the broker's wildcard match, on already-parsed tokens. */
export function matchesPattern(p: SubjectPattern, t: SubjectTokens): boolean {
  return (
    (p.wiki === undefined || p.wiki === t.wiki) &&
    (p.namespace === undefined || p.namespace === t.namespace) &&
    (p.type === undefined || p.type === t.type) &&
    (p.flag === undefined || p.flag === t.flag)
  );
}
