import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, PageCommand, PageCommandHandler, must } from '@okapi/domain';
import { aRecordRevision, realDataPath } from '@okapi/testing';
import { loadConfig } from '../../config/env-config';
import { openSqliteEventStore } from '../../eventstore/sqlite/sqlite-event-store';
import { Runtime } from '../../runtime/runtime';
import { importDump } from '../../sources/dump/import-dump';
import { Analytics } from '../analytics';
export { storeOnEngine } from './store-on-engine.fixture';
export type { StoreOnEngine, StoreOnEngineOptions } from './store-on-engine.fixture';

/** The real pywikibot dumps (OKAPI_REAL_DATA_DIR/xml). */
export const XML_DIR = realDataPath('xml');
export const XML_FILES = ['pair-0.10.xml', 'article-pear-0.10.xml'];
const RECEIVED_AT = '2026-11-26T10:00:00.000Z';

export interface XmlPage {
  readonly title: string;
  readonly namespace: number;
  readonly pageId: number;
  readonly revisionIds: number[];
  /** Revision id with the newest timestamp. */
  readonly latest: number;
}

/** What the real XML fixtures say, read independently of the importer (the test's oracle). */
export function xmlPages(): XmlPage[] {
  return XML_FILES.flatMap((f) =>
    [...readFileSync(join(XML_DIR, f), 'utf8').matchAll(/<page>([\s\S]*?)<\/page>/g)].map(([, page]) => {
      const revisions = [...page.matchAll(/<revision>\s*<id>(\d+)<\/id>[\s\S]*?<timestamp>([^<]+)<\/timestamp>/g)].map(
        (m) => ({ id: Number(m[1]), at: m[2] }),
      );
      const latest = must(
        [...revisions].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id).pop(),
        'the latest revision',
      );
      return {
        title: must(/<title>([^<]+)<\/title>/.exec(page), '<title>')[1],
        namespace: Number(must(/<ns>(\d+)<\/ns>/.exec(page), '<ns>')[1]),
        pageId: Number(must(/<\/ns>\s*<id>(\d+)<\/id>/.exec(page), 'the page <id>')[1]),
        revisionIds: revisions.map((r) => r.id),
        latest: latest.id,
      };
    }),
  );
}

export const PEAR = 24278;
export const CULLU = 19252820;
export const CULLU_TALK = 19252824;
export const MOVED_TITLE = 'Çullu, Quzanlı';

/** Imports one dump into `store` (and `analytics`, when given), received at the fixtures' time. */
export function importInto(
  store: EventStore,
  analytics: Analytics | undefined,
  file: string,
  options: { batchPages?: number } = {},
): ReturnType<typeof importDump> {
  const runtime = { config: loadConfig({}), eventStore: store, analytics, close: () => store.close() } as Runtime;
  return importDump(file, runtime, { receivedAt: RECEIVED_AT, ...options });
}

/**
 * Real dumps, then live-looking changes on top: an edit to Pear and an identity revert of it, a
 * move of "Çullu, Agdam", and a delete of its talk page.
 */
export async function seedStore(path: string, analytics?: Analytics): Promise<EventStore> {
  const store = openSqliteEventStore({ path });
  for (const f of XML_FILES) await importInto(store, analytics, join(XML_DIR, f), { batchPages: 1 });
  const handler = new PageCommandHandler(store, { suspectThreshold: 0.5 });
  const pear = { wiki: 'enwiki', pageId: PEAR, namespace: 0, title: 'Pear', receivedAt: RECEIVED_AT };
  const commands: PageCommand[] = [
    aRecordRevision({
      ...pear,
      revisionId: 900000001,
      parentId: 638548877,
      timestamp: '2024-05-01T12:00:00Z',
      sha1: 'vandalised',
      size: 10,
      text: 'PEARS SUCK',
      editor: { name: '192.0.2.1', isAnonymous: true, isBot: false },
    }),
    aRecordRevision({
      ...pear,
      revisionId: 900000002,
      parentId: 900000001,
      timestamp: '2024-05-01T12:03:00Z',
      sha1: '1ywwm7o751gkr3fj9l7rqpl0s8o87b1',
      size: 25986,
      text: 'restored',
      editor: { id: 1, name: 'ClueBot NG', isAnonymous: false, isBot: true },
    }),
    {
      type: 'MovePage',
      wiki: 'enwiki',
      pageId: CULLU,
      toNamespace: 0,
      toTitle: MOVED_TITLE,
      timestamp: '2024-05-01T13:00:00Z',
      source: 'test',
      receivedAt: RECEIVED_AT,
    },
    {
      type: 'DeletePage',
      wiki: 'enwiki',
      pageId: CULLU_TALK,
      namespace: 1,
      title: 'Talk:Çullu, Agdam',
      timestamp: '2024-05-01T14:00:00Z',
      source: 'test',
      receivedAt: RECEIVED_AT,
    },
  ];
  for (const c of commands) await handler.handle([c]);
  return store;
}

/** Everything a reader can see, in a stable order: what a crash must not change. */
export async function viewContents(analytics: Analytics): Promise<Record<string, unknown[]>> {
  const documents = await analytics.query<DocumentRow>(
    'SELECT wiki, page_id, version, doc FROM article_documents FINAL ORDER BY wiki, page_id, version',
  );
  const docs = new Map(documents.map((d) => [documentKey(d), d.doc]));
  // Each view row with the document it names (tombstones name none): what readers are served. The
  // table may also hold documents no row names any more (a page changed twice in an hour, in two
  // batches): which ones depends on batch boundaries, so they are not compared.
  const withDoc = (rows: DocumentRow[]) => rows.map((r) => ({ ...r, doc: docs.get(documentKey(r)) ?? '' }));
  return {
    revisions: await analytics.query('SELECT * FROM revisions FINAL ORDER BY wiki, page_id, revision_id'),
    current: withDoc(
      await analytics.query('SELECT * FROM articles_current FINAL ORDER BY wiki, namespace, name, page_id'),
    ),
    hourly: withDoc(
      await analytics.query('SELECT * FROM article_versions_hourly FINAL ORDER BY hour, wiki, namespace, page_id'),
    ),
    perWiki: await analytics.query(
      'SELECT wiki, argMax(flag, version) AS flag, count() AS n FROM (SELECT wiki, revision_id, flag, version FROM revisions FINAL) GROUP BY wiki ORDER BY wiki',
    ),
  };
}

interface DocumentRow {
  readonly wiki: string;
  readonly page_id: number;
  readonly version: number;
  readonly doc: string;
}

function documentKey(r: { wiki: string; page_id: number | string; version: number | string }): string {
  return `${r.wiki}|${Number(r.page_id)}|${Number(r.version)}`;
}
