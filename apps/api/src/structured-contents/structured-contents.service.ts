import { Inject, Injectable } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { CONFIG } from '@okapi/adapters/runtime';
import { sharedDerivationPool } from '@okapi/adapters/wikitext';
import { structuredContentGuarded } from '@okapi/adapters/wikitext';
import { notFound } from '@okapi/adapters/errors';
import type { StructuredContent } from '@okapi/adapters/wikitext';
import { ArticleLookupService } from '../articles/article-lookup.service';
import type { OnDemandQuery } from '@okapi/projections';

/** Parsing wikitext costs milliseconds: results are kept per article version (bounded LRU). */
const MEMO_MAX = 500;

/** Structured contents of the articles an on-demand query finds (same filters, limit, time travel). */
@Injectable()
export class StructuredContentsService {
  private readonly memo = new Map<string, StructuredContent>();

  constructor(
    private readonly lookup: ArticleLookupService,
    @Inject(CONFIG) private readonly config: OkapiConfig,
  ) {}

  /** `q.fields` (compiled over structured contents) projects the structured contents, not the Article. */
  async find(q: OnDemandQuery): Promise<string[]> {
    const docs = await this.lookup.matching({ ...q, fields: undefined });
    if (docs.length === 0) throw notFound('article.not_found', `article "${q.name}" not found`);
    const out: string[] = [];
    for (const doc of docs) {
      const sc = await this.structured(doc);
      out.push(JSON.stringify(q.fields ? q.fields.apply(sc as unknown as Record<string, unknown>) : sc));
    }
    return out;
  }

  /**
   * Large wikitext is parsed on a derivation worker under OKAPI_DERIVATION_TIMEOUT_MS, never on the
   * event loop; past the deadline: 503 `structured_contents.unavailable`, cached by content.
   */
  private async structured(doc: Record<string, unknown>): Promise<StructuredContent> {
    const wiki = (doc.is_part_of as { identifier?: string } | undefined)?.identifier;
    const version = (doc.version as { identifier?: number } | undefined)?.identifier;
    const key = `${wiki}|${String(doc.identifier)}|${String(version)}`;
    const known = this.memo.get(key);
    if (known) return known;
    const sc = await structuredContentGuarded(doc, {
      pool: () => sharedDerivationPool({ timeoutMs: this.config.derivationTimeoutMs }),
    });
    this.memo.set(key, sc);
    if (this.memo.size > MEMO_MAX) this.memo.delete(this.memo.keys().next().value as string);
    return sc;
  }
}
