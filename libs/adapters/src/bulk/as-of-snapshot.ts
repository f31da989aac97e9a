import { DerivationResolver } from '@okapi/projections';
import {
  announcedEventType,
  articleDerivationInputs,
  assembleArticles,
  EventStore,
  evolve,
  initialPageState,
  PageState,
  RecordedEvent,
  toOffset,
} from '@okapi/domain';
import { ArticleDerivations } from '../derivations/article-derivations';
import { BulkExporter, ExportResult } from './bulk-exporter';
import { OnExported, SnapshotSelection } from './bulk-jobs';

/** `--as-of`: an event-store offset (inclusive) or an RFC3339 time compared with `recordedAt`. */
export type AsOf = { readonly offset: number } | { readonly timeMs: number };

export function parseAsOf(raw: string): AsOf {
  if (/^\d+$/.test(raw)) return { offset: toOffset(raw) };
  const timeMs = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(timeMs)) throw new RangeError(`--as-of "${raw}" is neither an offset nor an RFC3339 time`);
  return { timeMs };
}

interface PageFold {
  state: PageState;
  /** The last event after which the page had a full Article (create/update/move/restore/visibility). */
  articleEvent?: RecordedEvent;
}

/** A page to export: one that has a full Article. */
interface AnnouncedPage {
  readonly state: PageState;
  readonly articleEvent: RecordedEvent;
}

const PAGE = 1000;

/**
 * Folds the event log up to `asOf` into page states with the domain's `evolve`, then writes one
 * snapshot per wiki+namespace of the pages live at that point, Articles from the one assembler
 * (`assembleArticles`) with the process's derivations, as the firehose and the views have them.
 *
 * Trade-off: every page's state (its current revision, text included) stays in memory for the
 * fold, so memory grows with the corpus at that offset, roughly its NDJSON size. Fine for the
 * embedded sizes Okapi targets on one box; a corpus larger than RAM would need the states spilled
 * to a temporary SQLite file (not done). The daily snapshots never take this path: they stream
 * from `articles_current` in flat memory.
 */
export async function buildAsOfSnapshots(
  store: EventStore,
  exporter: BulkExporter,
  asOf: AsOf,
  selection: SnapshotSelection = {},
  onExported: OnExported = () => undefined,
  signal?: AbortSignal,
  derivations: DerivationResolver = new ArticleDerivations(),
): Promise<ExportResult[]> {
  const pages = await fold(store, asOf, selection, signal);
  const groups = new Map<string, AnnouncedPage[]>();
  for (const { state, articleEvent } of pages.values()) {
    if (!articleEvent || state.deleted || !state.current) continue;
    if (selection.namespace !== undefined && state.namespace !== selection.namespace) continue;
    const key = `${state.wiki}\u0000${state.namespace}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ state, articleEvent });
  }
  const results: ExportResult[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [wiki, ns] = key.split('\u0000');
    const list = group.sort((a, b) => a.state.pageId - b.state.pageId);
    const result = await exporter.snapshot(wiki, Number(ns), articleLines(list, derivations));
    onExported(result);
    results.push(result);
  }
  return results;
}

async function fold(
  store: EventStore,
  asOf: AsOf,
  selection: SnapshotSelection,
  signal?: AbortSignal,
): Promise<Map<string, PageFold>> {
  const pages = new Map<string, PageFold>();
  for (let from = 0; ; ) {
    signal?.throwIfAborted();
    const batch = await store.readAll({ from: toOffset(from), limit: PAGE });
    if (batch.length === 0) return pages;
    for (const event of batch) {
      if ('offset' in asOf ? event.offset > asOf.offset : event.recordedAt > asOf.timeMs) return pages;
      if (selection.wiki !== undefined && !event.stream.startsWith(`page-${selection.wiki}-`)) continue;
      const page = pages.get(event.stream) ?? { state: initialPageState() };
      page.state = evolve(page.state, event);
      const announced = announcedEventType(page.state, event);
      if (announced !== undefined && announced !== 'delete') page.articleEvent = event;
      pages.set(event.stream, page);
    }
    from = batch[batch.length - 1].offset + 1;
  }
}

async function* articleLines(list: readonly AnnouncedPage[], derivations: DerivationResolver): AsyncIterable<string> {
  for (let i = 0; i < list.length; i += PAGE) {
    const part = list.slice(i, i + PAGE);
    const derived = await derivations.resolve(part.flatMap((p) => articleDerivationInputs(p.state, p.articleEvent)));
    for (const p of part) {
      const article = assembleArticles(p.state, p.articleEvent, derived).at(0);
      if (article) yield JSON.stringify(article);
    }
  }
}
