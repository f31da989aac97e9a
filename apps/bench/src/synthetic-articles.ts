import { createHash } from 'node:crypto';
import {
  Article,
  decide,
  evolve,
  initialPageState,
  Offset,
  RecordedEvent,
  RecordRevision,
  StreamName,
  assembleArticles,
} from '@okapi/domain';
import { WikitextCorpus } from '@okapi/adapters/sources/generator';
import { deriveFromWikitext } from '@okapi/adapters/wikitext';

/** Wikitext bytes of the synthetic articles: log-normal-ish spread around a real long article. */
const SIZES = [12_000, 25_000, 40_000, 60_000, 90_000, 35_000, 18_000, 50_000];

/** One revision of a synthetic enwiki page, as a source hands it to the decider. */
export function syntheticRevision(n: number, title: string, text: string): RecordRevision {
  const timestamp = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString();
  return {
    type: 'RecordRevision',
    wiki: 'enwiki',
    pageId: 3_000_000_000 + n,
    namespace: 0,
    title,
    revisionId: 9_500_000_000 + n,
    timestamp,
    editor: { id: n, name: `Editor ${n}`, isAnonymous: false, isBot: false, editCount: 1000 + n },
    comment: `copyedit ${n}`,
    minor: false,
    sha1: createHash('sha1').update(text).digest('hex'),
    size: Buffer.byteLength(text),
    text,
    source: 'generator',
    receivedAt: timestamp,
  };
}

/** Wikipedia-shaped wikitext from the generator's corpus (paragraphs, links, refs, infobox, categories). */
export function syntheticWikitext(title: string, bytes: number, seed = 1): string {
  return new WikitextCorpus(seed).text(title, bytes, bytes * 7);
}

/**
 * WME Articles exactly as Okapi builds them (decider -> RevisionCreated -> Article mapper, html,
 * abstract, categories and templates derived from the wikitext), from synthetic wikitext: the
 * benchmarks' corpus, so they need no data from outside the repository.
 */
export function syntheticArticles(count: number, seed = 1): Article[] {
  const corpus = new WikitextCorpus(seed);
  return Array.from({ length: count }, (_, i) => {
    const title = `Synthetic article ${i + 1}`;
    const bytes = SIZES[i % SIZES.length];
    const command = syntheticRevision(i + 1, title, corpus.text(title, bytes, bytes * 7 + i));
    const events = decide(command, initialPageState(), { suspectThreshold: 0.5 });
    const state = events.reduce(evolve, initialPageState());
    const recorded = {
      ...events[0],
      offset: (i + 1) as Offset,
      stream: `page-enwiki-${command.pageId}` as StreamName,
      streamRevision: 0,
      recordedAt: Date.parse(command.timestamp),
    } as RecordedEvent;
    return assembleArticles(state, recorded, deriveFromWikitext)[0];
  });
}
