import { Inject, Injectable, Optional } from '@nestjs/common';
import type {
  BatchHour,
  ConsoleRevision,
  FlaggedRevision,
  Lag,
  Overview,
  Rates,
  RevisionDiff,
  RevisionSide,
} from '@okapi/console-contract';
import { EventStore, pageStream } from '@okapi/domain';
import type { Analytics } from '@okapi/adapters/clickhouse';
import { notFound } from '@okapi/adapters/errors';
import type { ArticleBus } from '@okapi/projections';
import type { OkapiConfig } from '@okapi/adapters/config';
import { ANALYTICS, ARTICLE_BUS, CONFIG, EVENT_STORE } from '@okapi/adapters/runtime';
import { fromClickHouseDateTime } from '@okapi/projections';
import { BulkFileStore } from '@okapi/adapters/storage';
import type { DiffQuery, FlaggedQuery } from './console-params';
import { checkpointsSql, currentNamesSql, flaggedSql, historySql, ratesSql, wikisSql } from './console-queries';
import { RateRow, RevisionRow, toConsoleRevision, toRates } from './console.rows';
import { lineDiff } from './revision-diff';
import { readPageRevisions } from './revision-text';

/** What the console needs beyond the WME endpoints: each answer is one fixed query or one stream read. */
@Injectable()
export class ConsoleReadService {
  constructor(
    @Inject(ANALYTICS) private readonly analytics: Analytics,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly bulk: BulkFileStore,
    @Optional() @Inject(ARTICLE_BUS) private readonly bus?: ArticleBus,
    @Optional() @Inject(CONFIG) private readonly config?: OkapiConfig,
  ) {}

  async lag(): Promise<Lag> {
    const [head, rows, last] = await Promise.all([
      this.events.head(),
      this.analytics.query<{ projection_name: string; last_offset: number | string; updated_at: string }>(
        checkpointsSql(),
      ),
      this.bus?.lastPosition().catch(() => undefined),
    ]);
    return {
      head: Number(head),
      projections: rows.map((r) => ({
        projection: r.projection_name,
        checkpoint: Number(r.last_offset),
        lag: Math.max(0, Number(head) - Number(r.last_offset)),
        updated_at: fromClickHouseDateTime(r.updated_at),
      })),
      ...(this.bus ? { bus: last === undefined ? {} : { last_offset: last.offset } } : {}),
    };
  }

  async overview(): Promise<Overview> {
    const [head, rows] = await Promise.all([
      this.events.head(),
      this.analytics.query<{ wiki: string; namespace: number; pages: number | string; last_ms: number | string }>(
        wikisSql(),
      ),
    ]);
    return {
      head: Number(head),
      wikis: rows.map((r) => ({
        wiki: r.wiki,
        namespace: r.namespace,
        pages: Number(r.pages),
        ...(Number(r.last_ms) > 0 ? { last_edit: new Date(Number(r.last_ms)).toISOString() } : {}),
      })),
      sources: (this.config?.sources ?? []).map((s) => ({ kind: s.kind, wikis: s.wikis })),
    };
  }

  /** The `minutes` whole minutes before the current one, plus the current one so far. */
  async rates(minutes: number, nowMs = Date.now()): Promise<Rates> {
    const toMs = (Math.floor(nowMs / 60_000) + 1) * 60_000;
    const fromMs = toMs - minutes * 60_000;
    return toRates(await this.analytics.query<RateRow>(ratesSql(fromMs, toMs)), fromMs, toMs);
  }

  async flagged(q: FlaggedQuery): Promise<FlaggedRevision[]> {
    const revisions = (await this.analytics.query<RevisionRow>(flaggedSql(q))).map(toConsoleRevision);
    const names = await this.currentNames(revisions);
    return revisions.map((r) => {
      const name = names.get(`${r.wiki}\u0000${r.page_id}`);
      return name === undefined ? r : { ...r, current_name: name };
    });
  }

  async history(wiki: string, pageId: number, limit: number): Promise<ConsoleRevision[]> {
    const rows = await this.analytics.query<RevisionRow>(historySql(wiki, pageId, limit));
    if (rows.length === 0) throw notFound('page.not_found', `no revisions of page ${pageId} on ${wiki}`);
    return rows.map(toConsoleRevision);
  }

  /** One revision as recorded (text included when visible), even when it was no article (a redirect). */
  async revision(wiki: string, pageId: number, revisionId: number): Promise<RevisionSide> {
    const side = (await readPageRevisions(this.events, pageStream(wiki, pageId), [revisionId])).side(revisionId);
    if (!side) throw notFound('revision.not_found', `revision ${revisionId} of page ${pageId} on ${wiki} not found`);
    return side;
  }

  /** From the event store (the views may lag): both texts as recorded, visibility as it is now. */
  async diff(wiki: string, pageId: number, q: DiffQuery): Promise<RevisionDiff> {
    // Read window by window, keeping only the two texts (a page can have thousands of revisions).
    const stream = pageStream(wiki, pageId);
    const page = await readPageRevisions(this.events, stream, q.from === undefined ? [q.to] : [q.to, q.from]);
    const to = page.side(q.to);
    if (!to) throw notFound('revision.not_found', `revision ${q.to} of page ${pageId} on ${wiki} not found`);
    const fromId = q.from ?? to.parent_id;
    const from =
      fromId === undefined
        ? undefined
        : (page.side(fromId) ?? (await readPageRevisions(this.events, stream, [fromId])).side(fromId));
    if (q.from !== undefined && !from)
      throw notFound('revision.not_found', `revision ${q.from} of page ${pageId} on ${wiki} not found`);
    const base = { wiki, page_id: pageId, ...(from ? { from } : {}), to };
    // Without a readable older side (first revision, or parent never recorded) the diff is against
    // the empty text, as MediaWiki shows a page creation; a hidden side gives no diff at all.
    if (to.text === undefined || (from !== undefined && from.text === undefined)) return base;
    return { ...base, diff: lineDiff(from?.text ?? '', to.text) };
  }

  async batchHours(): Promise<BatchHour[]> {
    return (await this.bulk.batchHours()).map(([date, hour]) => ({ date, hour }));
  }

  private async currentNames(revisions: readonly ConsoleRevision[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const byWiki = new Map<string, Set<number>>();
    for (const r of revisions) byWiki.set(r.wiki, (byWiki.get(r.wiki) ?? new Set()).add(r.page_id));
    for (const [wiki, ids] of byWiki) {
      const rows = await this.analytics.query<{ wiki: string; page_id: number | string; name: string }>(
        currentNamesSql(wiki, [...ids]),
      );
      for (const row of rows) names.set(`${row.wiki}\u0000${Number(row.page_id)}`, row.name);
    }
    return names;
  }
}
