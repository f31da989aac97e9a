/**
 * Domain events -> Wikimedia Enterprise Articles (what realtime, batches and on-demand serve).
 *
 * `state` is the page state AFTER applying the event. What each event announces:
 *   RevisionCreated, latest        -> [create | update]  (create: the page-creating revision, or
 *                                     the first article revision after a redirect)
 *   RevisionCreated, latest, redirect -> [delete skeleton] when the page was an article (WME: an
 *                                     edit that makes a page a redirect ends the article), else []
 *   RevisionCreated, not latest    -> []                 (older revision: the current one stands)
 *   RevisionCreated on deleted page -> []                (a late pre-deletion revision)
 *   PageDeleted                    -> [delete skeleton]
 *   PageMoved                      -> [move at the new title, delete skeleton for the old title]
 *   PageRestored                   -> [create]
 *   RevisionVisibilityChanged      -> [visibility-change] if it concerns the current revision, else []
 *   RevisionsReverted              -> []
 * A page whose current revision is a redirect is no article: its delete, move, restore and
 * visibility changes announce nothing (there is nothing live to retire or show).
 * A skeleton carries identity, url, dates, version id (0 when the page was never seen) and event.
 * `visibility` is present on visibility-change Articles and whenever something is hidden.
 */
import { PageEvent, RevisionCreatedData } from '../events/page.events';
import { RecordedEvent } from '../events/recorded-event';
import { PageState } from '../page/page.state';
import { articleVersion, pick } from './article-version';
import { announcedEventType } from './article-announcement';
import { Article, ArticleEventType, DEFAULT_LICENSE } from './article-types';
import { articleEventIdentifier } from './event-identifier';
import { articleUrl, wikiDomain } from './wiki-domain';
import { articlePartition } from './article-partition';
import { wmeTimestamp, wmeTimestampOf } from './wme-time';

export interface DerivedContent {
  readonly html?: string;
  readonly abstract?: string;
  readonly categories?: { name: string; url: string }[];
  readonly templates?: { name: string; url: string }[];
}

export interface DeriveContext {
  readonly wiki: string;
  readonly title: string;
  readonly namespace: number;
}

export interface ArticleOptions {
  /** Fills html/abstract/categories/templates from wikitext when the source gave none (default: none). */
  readonly derive?: (wikitext: string, ctx: DeriveContext) => DerivedContent;
  /** WME `event.partition` (default: the page's partition, `articlePartition(wiki, pageId)`). */
  readonly partition?: number;
}

interface Where {
  readonly event: RecordedEvent;
  readonly options: ArticleOptions;
}

export function toArticles(state: PageState, event: RecordedEvent, options: ArticleOptions = {}): Article[] {
  const e = event as PageEvent;
  const type = announcedEventType(state, e);
  if (type === undefined) return [];
  const at: Where = { event, options };
  switch (e.type) {
    case 'RevisionCreated':
      if (type === 'delete' || !state.current) return [skeleton(state, state, e.data.timestamp, 'delete', at, 0)];
      return [full(state, state.current, type, at, 0)];
    case 'PageDeleted':
      return [skeleton(state, { namespace: e.data.namespace, title: e.data.title }, e.data.timestamp, 'delete', at, 0)];
    case 'PageMoved': {
      const moved = state.current
        ? full(state, state.current, 'move', at, 0)
        : skeleton(state, state, e.data.timestamp, 'move', at, 0);
      const old = { namespace: e.data.fromNamespace, title: e.data.fromTitle };
      return [moved, skeleton(state, old, e.data.timestamp, 'delete', at, 1)];
    }
    case 'PageRestored':
      return [
        state.current
          ? full(state, state.current, 'create', at, 0)
          : skeleton(state, state, e.data.timestamp, 'create', at, 0),
      ];
    case 'RevisionVisibilityChanged':
      return state.current ? [full(state, state.current, 'visibility-change', at, 0)] : [];
    case 'RevisionsReverted':
      return [];
    default:
      return assertNever(e);
  }
}

function full(state: PageState, d: RevisionCreatedData, type: ArticleEventType, at: Where, index: number): Article {
  const x = d.enrichment ?? {};
  const showText = d.visibility.text;
  const derived = showText ? deriveMissing(state, d, at.options) : {};
  const { language, projectUrl } = wikiDomain(state.wiki);
  const hidden = !d.visibility.text || !d.visibility.editor || !d.visibility.comment;
  return pick<Article>({
    name: state.title,
    identifier: state.pageId,
    abstract: showText ? (x.abstract ?? derived.abstract) : undefined,
    description: x.description,
    date_created: wmeTimestampOf(x.dateCreated ?? state.createdAt),
    date_modified: wmeTimestamp(d.timestamp),
    date_previously_modified: wmeTimestampOf(state.previous?.timestamp ?? x.datePreviouslyModified),
    protection: x.protection ? x.protection.map((p) => ({ ...p })) : undefined,
    version: articleVersion(d, countedCharacters(state, d)),
    previous_version: previousVersion(state, d),
    url: articleUrl(state.wiki, state.title),
    watchers_count: x.watchersCount,
    namespace: { identifier: state.namespace },
    in_language: { identifier: language },
    main_entity: x.mainEntity ? { ...x.mainEntity } : undefined,
    additional_entities: x.additionalEntities?.map((a) => ({ ...a })),
    categories: copyList(x.categories ?? (showText ? derived.categories : undefined)),
    templates: copyList(x.templates ?? (showText ? derived.templates : undefined)),
    redirects: copyList(x.redirects),
    is_part_of: { identifier: state.wiki, url: projectUrl },
    article_body: showText ? body(d.html ?? derived.html, d.text) : undefined,
    license: (x.license ?? DEFAULT_LICENSE).map((l) => ({ ...l })),
    visibility: hidden || type === 'visibility-change' ? { ...d.visibility } : undefined,
    event: articleEvent(type, at, index),
    image: x.image ? { ...x.image } : undefined,
  });
}

function skeleton(
  state: PageState,
  page: { namespace: number; title: string },
  timestamp: string,
  type: ArticleEventType,
  at: Where,
  index: number,
): Article {
  const { language, projectUrl } = wikiDomain(state.wiki);
  return pick<Article>({
    name: page.title,
    identifier: state.pageId,
    date_modified: wmeTimestamp(timestamp),
    version: { identifier: state.current?.revisionId ?? 0 },
    url: articleUrl(state.wiki, page.title),
    namespace: { identifier: page.namespace },
    in_language: { identifier: language },
    is_part_of: { identifier: state.wiki, url: projectUrl },
    license: (state.current?.enrichment?.license ?? DEFAULT_LICENSE).map((l) => ({ ...l })),
    event: articleEvent(type, at, index),
  });
}

/** Code points evolve already counted for this revision (the newest entry of the window). */
function countedCharacters(state: PageState, d: RevisionCreatedData): number | undefined {
  const newest = state.recent.at(-1);
  return newest?.revisionId === d.revisionId && d.text !== undefined ? newest.characters : undefined;
}

function previousVersion(state: PageState, d: RevisionCreatedData): Article['previous_version'] {
  if (state.previous)
    return pick({ identifier: state.previous.revisionId, number_of_characters: state.previous.characters });
  if (!d.parentId) return undefined;
  return pick({ identifier: d.parentId, number_of_characters: d.enrichment?.previousNumberOfCharacters });
}

function articleEvent(type: ArticleEventType, at: Where, index: number): Article['event'] {
  const e = at.event;
  return {
    identifier: articleEventIdentifier(Number(e.offset), index),
    type,
    date_created: wmeTimestamp(e.data.receivedAt),
    date_published: wmeTimestamp(e.recordedAt),
    partition: at.options.partition ?? articlePartition(e.data.wiki, e.data.pageId),
    offset: Number(e.offset),
  };
}

/**
 * The wikitext (and its context) `toArticles(state, event, options)` hands to `options.derive`, or
 * undefined when it derives nothing: lets a product fetch or compute the derived parts before
 * assembling (article-assembler.ts). Mirrors `toArticles`: a full Article of the current revision
 * whose text is shown and whose source lacks one of the derived parts.
 */
export function derivationInput(state: PageState, event: RecordedEvent): DeriveInput | undefined {
  const e = event as PageEvent;
  const type = announcedEventType(state, e);
  const d = state.current;
  if (type === undefined || !d || e.type === 'PageDeleted' || e.type === 'RevisionsReverted') return undefined;
  if (e.type === 'RevisionCreated' && type === 'delete') return undefined;
  if (!d.visibility.text || d.text === undefined || !wantsDerivation(d)) return undefined;
  return { wikitext: d.text, context: { wiki: state.wiki, title: state.title, namespace: state.namespace } };
}

export interface DeriveInput {
  readonly wikitext: string;
  readonly context: DeriveContext;
}

function wantsDerivation(d: RevisionCreatedData): boolean {
  const x = d.enrichment ?? {};
  const complete =
    d.html !== undefined && x.abstract !== undefined && x.categories !== undefined && x.templates !== undefined;
  return d.text !== undefined && !complete;
}

function deriveMissing(state: PageState, d: RevisionCreatedData, options: ArticleOptions): DerivedContent {
  if (!options.derive || d.text === undefined || !wantsDerivation(d)) return {};
  try {
    return options.derive(d.text, { wiki: state.wiki, title: state.title, namespace: state.namespace });
  } catch {
    return {}; // derivation is best effort: an Article without derived parts beats no Article
  }
}

function body(html: string | undefined, wikitext: string | undefined): Article['article_body'] {
  const b = pick<{ html?: string; wikitext?: string }>({ html, wikitext });
  return Object.keys(b).length > 0 ? b : undefined;
}

function copyList(
  list: readonly { name: string; url: string }[] | undefined,
): { name: string; url: string }[] | undefined {
  return list?.map((c) => ({ name: c.name, url: c.url }));
}

function assertNever(x: never): never {
  throw new Error(`unhandled page event: ${JSON.stringify(x)}`);
}
