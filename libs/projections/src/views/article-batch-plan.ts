import { announcedEventType, PageState, RecordedEvent } from '@okapi/domain';
import { toClickHouseHour } from '../clickhouse/clickhouse-time';
import {
  ArticleDocument,
  ArticleDocumentRow,
  CurrentArticleRow,
  documentRow,
  HourlyArticleRow,
  hourlyRow,
  liveKey,
  liveRow,
  sameKey,
  tombstoneRow,
} from './article.rows';

/** One event with the page state just before and just after it. */
export interface ProjectionStep {
  readonly event: RecordedEvent;
  readonly before: PageState;
  readonly after: PageState;
}

/** Builds the WME Article for a step's after-state (the costly part: html, abstract, ...). */
export type DocumentOf = (step: ProjectionStep) => ArticleDocument | undefined;

export interface ArticleRows {
  readonly current: CurrentArticleRow[];
  readonly hourly: HourlyArticleRow[];
  /** The documents the rows above name, each once (a page's last change is in both views). */
  readonly documents: ArticleDocumentRow[];
  /** How many documents were built (at most one per page and hour in the batch). */
  readonly documentsBuilt: number;
}

/**
 * True when the event changes what the page's Article document says: exactly when the WME mapper
 * announces something for it (a redirect edit of a redirect page, a late revision, a revert do not).
 */
export function changesArticle(step: ProjectionStep): boolean {
  return announcedEventType(step.after, step.event) !== undefined;
}

/**
 * `articles_current` and `article_versions_hourly` rows for a batch of steps in offset order,
 * and the `article_documents` rows they name. Every key a page leaves gets a tombstone at the
 * offset that left it (so a replay with other batch boundaries converges on the same rows), while
 * documents are built only for the last change of each page (current) and of each page and hour
 * (hourly), and stored once however many rows name them.
 */
export function articleRows(steps: readonly ProjectionStep[], documentOf: DocumentOf): ArticleRows {
  const current: CurrentArticleRow[] = [];
  const lastByPage = new Map<string, ProjectionStep>();
  const lastByPageHour = new Map<string, ProjectionStep>();
  for (const step of steps) {
    const before = liveKey(step.before);
    if (before && !sameKey(before, liveKey(step.after))) current.push(tombstoneRow(before, step.event.offset));
    if (!changesArticle(step)) continue;
    const page = step.event.stream;
    lastByPage.set(page, step);
    lastByPageHour.set(`${page}|${toClickHouseHour(step.event.data.timestamp)}`, step);
  }
  const docs = new Map<ProjectionStep, ArticleDocument | undefined>();
  const docOf = (step: ProjectionStep): ArticleDocument | undefined => {
    if (!docs.has(step)) docs.set(step, documentOf(step));
    return docs.get(step);
  };
  for (const step of lastByPage.values()) {
    const key = liveKey(step.after);
    const doc = key && docOf(step);
    if (key && doc) current.push(liveRow(key, step.after, step.event.offset));
  }
  const hourly: HourlyArticleRow[] = [];
  for (const step of lastByPageHour.values()) {
    const doc = docOf(step);
    if (doc) hourly.push(hourlyRow(step.event.data.timestamp, step.after, doc, step.event.offset));
  }
  const documents: ArticleDocumentRow[] = [];
  for (const [step, doc] of docs) if (doc) documents.push(documentRow(step.after, doc, step.event.offset));
  return { current, hourly, documents, documentsBuilt: docs.size };
}
