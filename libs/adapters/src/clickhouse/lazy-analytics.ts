import { CurrentArticleQuery, HourlyVersion, WikiNamespace } from '@okapi/projections';
import { Analytics, AnalyticsReadModel } from './analytics';
import { AnalyticsOptions, openAnalytics } from './open-analytics';

/**
 * `Runtime.analytics` opens on first use: chDB costs ~250 MB and ~110 ms to open, and it locks
 * its directory, which commands such as `okapi events` must not do.
 */
export function lazyAnalytics(options: AnalyticsOptions): Analytics {
  let opened: Promise<Analytics> | undefined;
  let ready: Analytics | undefined;
  let closed = false;
  const get = (): Promise<Analytics> => {
    if (closed) return Promise.reject(new Error('analytics is closed'));
    if (!opened) {
      opened = openAnalytics(options);
      // A failed open (lock, bad URL) is retried on the next call rather than cached forever.
      opened.then(
        (a) => (ready = a),
        () => (opened = undefined),
      );
    }
    return opened;
  };
  const readModel: AnalyticsReadModel = {
    findCurrentByName: async (q: CurrentArticleQuery) => (await get()).readModel.findCurrentByName(q),
    peekCurrentByName: (q: CurrentArticleQuery) => ready?.readModel.peekCurrentByName?.(q),
    streamCurrent: (wiki: string, namespace: number) =>
      lazyIterable(async () => (await get()).readModel.streamCurrent(wiki, namespace)),
    listWikiNamespaces: async (): Promise<WikiNamespace[]> => (await get()).readModel.listWikiNamespaces(),
    streamHour: (hour: string, wiki?: string, ns?: number) =>
      lazyIterable<HourlyVersion>(async () => (await get()).readModel.streamHour(hour, wiki, ns)),
    listHour: async (hour: string) => (await get()).readModel.listHour(hour),
    invalidateNames: (names) => ready?.readModel.invalidateNames(names),
  };
  return {
    kind: options.serverUrl ? 'server' : 'chdb',
    readModel,
    query: async (sql) => (await get()).query(sql),
    exec: async (sql) => (await get()).exec(sql),
    insertJsonEachRow: async (table, rows, options) => (await get()).insertJsonEachRow(table, rows, options),
    queryReadOnly: async (sql) => (await get()).queryReadOnly(sql),
    close: async () => {
      closed = true;
      const a = await opened?.catch(() => undefined);
      await a?.close();
    },
  };
}

async function* lazyIterable<T>(open: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  yield* await open();
}
