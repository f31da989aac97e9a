import { createHash } from 'node:crypto';
import { EventStore, RecordedEvent, toOffset } from '@okapi/domain';
import { resumeId, subjectMatches } from '@okapi/projections';
import { EventArticleEncoder } from '@okapi/adapters/bus';
import { ArticleDerivations } from '@okapi/adapters/derivations';

/** One firehose message the event store implies, kept small: id, subject, a hash of the Article. */
export interface ExpectedMessage {
  readonly id: string;
  readonly offset: number;
  readonly subject: string;
  readonly sha1: string;
  readonly wiki: string;
  readonly name: string;
}

export interface StoreSummary {
  readonly messages: ExpectedMessage[];
  readonly head: number;
  /** wiki:revisionId of every RevisionCreated, in offset order. */
  readonly revisions: string[];
}

/**
 * Reads the whole log once and derives what every consumer must end up with: the firehose
 * messages in order (the same mapping the publisher applies, so what is compared is delivery,
 * not encoding) and the set of revisions the ClickHouse views must hold. `derivations`: where the
 * Articles' derived parts come from (the cluster's stored ones are read back, not recomputed).
 */
export async function summarizeStore(
  store: EventStore,
  prefix = 'okapi.article',
  derivations?: ArticleDerivations,
): Promise<StoreSummary> {
  const encoder = new EventArticleEncoder(store, prefix, derivations);
  const messages: ExpectedMessage[] = [];
  const revisions: string[] = [];
  let from = 1;
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ from: toOffset(from), limit: 2000 });
    if (page.length === 0) break;
    for (const e of page) {
      if (e.type === 'RevisionCreated') revisions.push(`${e.data.wiki}:${e.data.revisionId}`);
      for (const m of await encoder.encode(e)) {
        const article = JSON.parse(m.data) as { name: string; is_part_of: { identifier: string } };
        messages.push({
          id: resumeId(m),
          offset: m.offset,
          subject: m.subject,
          sha1: createHash('sha1').update(m.data).digest('hex'),
          wiki: article.is_part_of.identifier,
          name: article.name,
        });
      }
    }
    from = Number(page[page.length - 1].offset) + 1;
  }
  return { messages, head: Number(await store.head()), revisions };
}

export function matching(messages: readonly ExpectedMessage[], filter: string): ExpectedMessage[] {
  return messages.filter((m) => subjectMatches(filter, m.subject));
}
