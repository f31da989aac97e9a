import { EventStore, toOffset } from '@okapi/domain';
import { matchesPattern, parseArticleSubject, SubjectPattern } from '@okapi/projections';
import { resumeId } from '@okapi/projections';
import { EventArticleEncoder } from '@okapi/adapters/bus';

export interface Expected {
  readonly id: string;
  readonly offset: number;
  readonly recordedAt: number;
  readonly pattern: ReturnType<typeof parseArticleSubject>;
  readonly article: Record<string, unknown>;
}

/** Every firehose message the store's events yield, derived independently of the gateway path. */
export async function expectedMessages(store: EventStore, prefix = 'okapi.article'): Promise<Expected[]> {
  const encoder = new EventArticleEncoder(store, prefix);
  const out: Expected[] = [];
  for (const e of await store.readAll({ from: toOffset(0), limit: 1_000_000 })) {
    for (const m of await encoder.encode(e)) {
      out.push({
        id: resumeId(m),
        offset: m.offset,
        recordedAt: e.recordedAt,
        pattern: parseArticleSubject(prefix, m.subject),
        article: JSON.parse(m.data),
      });
    }
  }
  return out;
}

export function select(
  all: readonly Expected[],
  p: SubjectPattern,
  pred: (a: Record<string, unknown>) => boolean = () => true,
): string[] {
  return all.filter((m) => m.pattern && matchesPattern(p, m.pattern) && pred(m.article)).map((m) => m.id);
}
