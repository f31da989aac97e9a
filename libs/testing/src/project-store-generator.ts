import { AppendRequest, EventStore, pageStream, RevisionCreated, RevisionsReverted } from '@okapi/domain';

export interface GeneratedStore {
  readonly revisions: number;
  readonly textBytes: number;
}

const WIKITEXT = `'''Okapi''' (''Okapia johnstoni'') is an [[even-toed ungulate]] native to the [[Democratic Republic of the Congo]].
== Taxonomy ==
The okapi was first described in 1901.{{cite web|title=Okapi|url=https://example.org}}
[[Category:Giraffidae]]`;

/**
 * A deterministic event store for `okapi bench project`: `revisions` RevisionCreated events spread
 * round-robin over `pages` pages (so a batch touches many pages), with an identity revert every
 * 50th revision, appended 1000 events per call.
 */
export async function generateRevisionStore(
  store: EventStore,
  o: { revisions: number; pages: number },
): Promise<GeneratedStore> {
  const perStream = new Map<number, number>();
  let batch: AppendRequest[] = [];
  for (let i = 0; i < o.revisions; i++) {
    const pageId = (i % o.pages) + 1;
    const n = perStream.get(pageId) ?? 0;
    perStream.set(pageId, n + 1);
    const events: (RevisionCreated | RevisionsReverted)[] = [revisionEvent(i, pageId, n)];
    if (n >= 2 && i % 50 === 0) events.push(revertEvent(i, pageId));
    batch.push({ stream: pageStream('enwiki', pageId), expectedRevision: 'any', events });
    if (batch.length === 1000) {
      await store.append(batch);
      batch = [];
    }
  }
  if (batch.length) await store.append(batch);
  return { revisions: o.revisions, textBytes: WIKITEXT.length };
}

function revisionEvent(i: number, pageId: number, n: number): RevisionCreated {
  const revisionId = i + 1;
  const ts = 1_700_000_000_000 + i * 1000;
  return {
    type: 'RevisionCreated',
    data: {
      wiki: 'enwiki',
      pageId,
      namespace: 0,
      title: `Page ${pageId}`,
      revisionId,
      parentId: n === 0 ? undefined : revisionId - 1,
      timestamp: new Date(ts).toISOString(),
      editor:
        i % 7 === 0
          ? { name: `192.0.2.${i % 250}`, isAnonymous: true, isBot: false }
          : { id: i % 1000, name: `User${i % 1000}`, isAnonymous: false, isBot: i % 13 === 0 },
      comment: `edit ${i}`,
      minor: i % 3 === 0,
      tags: i % 5 === 0 ? ['mobile edit'] : [],
      sha1: `sha${i}`,
      size: WIKITEXT.length + (i % 100),
      previousSize: n === 0 ? undefined : WIKITEXT.length,
      text: `${WIKITEXT}\n<!-- ${i} -->`,
      visibility: { text: true, editor: true, comment: true },
      score: { model: 'bench', probability: (i % 100) / 100, prediction: i % 100 >= 50, reasons: [] },
      flag: i % 100 >= 50 ? 'suspect' : 'ok',
      isLatest: true,
      source: 'generator',
      receivedAt: new Date(ts + 500).toISOString(),
    },
  };
}

function revertEvent(i: number, pageId: number): RevisionsReverted {
  return {
    type: 'RevisionsReverted',
    data: {
      wiki: 'enwiki',
      pageId,
      revertingRevisionId: i + 1,
      restoredRevisionId: i + 1 - 2 * 1,
      revertedRevisionIds: [i],
      timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      receivedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    },
  };
}
