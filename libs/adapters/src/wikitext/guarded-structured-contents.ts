import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { IN_THREAD_MAX_CHARS } from '../derivations/article-derivations';
import { OkapiError } from '../errors/okapi-error';
import type { DerivationPool } from './derivation-pool';
import { sharedDerivationPool } from './shared-derivation-pool';
import { StructuredContent, toStructuredContent } from './structured-contents';

/** The stable code of structured contents that could not be derived (HTTP 503, dead-letter reason). */
export const STRUCTURED_CONTENTS_UNAVAILABLE = 'structured_contents.unavailable';

/** Failed conversions, by content hash: a page that timed out once is not parsed again for every request. */
const failures = new LRUCache<string, string>({ max: 10_000 });

export interface GuardedStructuredContentOptions {
  /** Worker threads with a deadline (default: the process's shared pool, OKAPI_DERIVATION_TIMEOUT_MS). */
  readonly pool?: DerivationPool | (() => DerivationPool);
  /** Longest wikitext converted in-thread (default IN_THREAD_MAX_CHARS, as the Article deriver). */
  readonly inThreadMaxChars?: number;
}

/**
 * toStructuredContent under the derivation deadline: wikitext up to the in-thread bound is parsed
 * on the calling thread (as small as the Article deriver trusts there), larger wikitext on a worker
 * of the DerivationPool, so a page that sends wtf_wikipedia into super-linear time never blocks
 * the event loop. A conversion that fails (deadline, worker error) rejects with an OkapiError
 * `structured_contents.unavailable` (503); the failure is cached by content hash (wikitext, html,
 * name, url: what the conversion reads), so the same content fails at once next time.
 */
export async function structuredContentGuarded(
  article: Record<string, unknown>,
  options: GuardedStructuredContentOptions = {},
): Promise<StructuredContent> {
  const body = article.article_body as { wikitext?: unknown; html?: unknown } | undefined;
  const wikitext = typeof body?.wikitext === 'string' ? body.wikitext : '';
  if (wikitext.length <= (options.inThreadMaxChars ?? IN_THREAD_MAX_CHARS)) return toStructuredContent(article);
  const key = contentKey(article, wikitext, typeof body?.html === 'string' ? body.html : '');
  const known = failures.get(key);
  if (known !== undefined) throw unavailable(article, known);
  const pool = typeof options.pool === 'function' ? options.pool() : (options.pool ?? sharedDerivationPool());
  try {
    return await pool.structuredContent(article);
  } catch (e) {
    const reason = `${e instanceof Error ? e.message : String(e)} (wikitext of ${wikitext.length} chars)`;
    failures.set(key, reason);
    throw unavailable(article, reason);
  }
}

/**
 * structuredContentGuarded from and to JSON text, always on a worker of the pool (a snapshot's
 * lines: the calling thread only passes strings along). Fails with the same OkapiError.
 */
export async function structuredContentJsonGuarded(
  articleJson: string,
  pool: DerivationPool = sharedDerivationPool(),
): Promise<string> {
  try {
    return await pool.structuredContentJson(articleJson);
  } catch (e) {
    const article = JSON.parse(articleJson) as Record<string, unknown>;
    throw unavailable(article, e instanceof Error ? e.message : String(e));
  }
}

function contentKey(article: Record<string, unknown>, wikitext: string, html: string): string {
  return createHash('sha1')
    .update(
      `sc\u0000${String(article.name)}\u0000${String(article.url)}\u0000${JSON.stringify(article.is_part_of)}\u0000`,
    )
    .update(`${wikitext.length}\u0000`)
    .update(wikitext)
    .update('\u0000')
    .update(html)
    .digest('hex');
}

function unavailable(article: Record<string, unknown>, reason: string): OkapiError {
  return new OkapiError(
    STRUCTURED_CONTENTS_UNAVAILABLE,
    503,
    `structured contents of "${String(article.name)}" could not be derived: ${reason}`,
  );
}
