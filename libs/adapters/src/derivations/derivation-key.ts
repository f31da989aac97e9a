import { createHash } from 'node:crypto';
import type { DeriveContext } from '@okapi/domain';

/**
 * Bump when the deriver's output changes (wtf_wikipedia upgrade, new rules in wikitext-links.ts):
 * entries stored under the old version are then simply never read again.
 */
export const DERIVER_VERSION = 'okapi-derive-1';

/** SHA-1 of the deriver version, the context and the wikitext: what a derivation depends on. */
export function derivationKey(wikitext: string, ctx: DeriveContext): Buffer {
  return createHash('sha1')
    .update(`${DERIVER_VERSION}\u0000${ctx.wiki}\u0000${ctx.namespace}\u0000${ctx.title}\u0000`)
    .update(wikitext)
    .digest();
}
