import { Event } from './event';

/** Who made a revision. Fields are absent when MediaWiki hides them (`<contributor deleted>`). */
export interface Editor {
  readonly id?: number;
  readonly name?: string;
  readonly isAnonymous: boolean;
  readonly isBot: boolean;
  readonly groups?: readonly string[];
  readonly editCount?: number;
  /** RFC3339; when the account was registered. */
  readonly registeredAt?: string;
}

/** true = visible to the public (as MediaWiki's `is_*_visible`). */
export interface Visibility {
  readonly text: boolean;
  readonly editor: boolean;
  readonly comment: boolean;
}

/** Vandalism score v1 (see libs/domain/src/scoring). */
export interface VandalismScore {
  readonly model: string;
  readonly probability: number;
  readonly prediction: boolean;
  readonly reasons: readonly string[];
}

export type Flag = 'ok' | 'suspect';

/** Where an event came from. */
export type SourceKind = 'dump' | 'eventstreams' | 'snapshot' | 'generator' | 'test';

/**
 * Wikimedia Enterprise fields a source supplied that Okapi does not derive itself
 * (from WME snapshots or MediaWiki APIs). Kept verbatim so the Article can carry them.
 */
export interface Enrichment {
  readonly abstract?: string;
  readonly categories?: readonly { name: string; url: string }[];
  readonly templates?: readonly { name: string; url: string }[];
  readonly redirects?: readonly { name: string; url: string }[];
  readonly mainEntity?: { identifier: string; url: string };
  readonly additionalEntities?: readonly { identifier: string; url: string; aspects?: string[] }[];
  readonly protection?: readonly { type: string; level: string; expiry: string }[];
  readonly image?: Readonly<Record<string, unknown>>;
  /** Short description (local, else Wikidata's): WME `description`. */
  readonly description?: string;
  readonly watchersCount?: number;
  readonly dateCreated?: string;
  readonly license?: readonly { identifier: string; name: string; url: string }[];
  /** Upstream scores (e.g. WME's revertrisk / damaging / goodfaith) kept as received. */
  readonly scores?: Readonly<Record<string, unknown>>;
  readonly numberOfCharacters?: number;
  readonly hasTagNeedsCitation?: boolean;
  /** WME `date_previously_modified` / `previous_version.number_of_characters`, for a source that
   *  gives only the latest revision (snapshots): Okapi has no previous revision of its own then. */
  readonly datePreviouslyModified?: string;
  readonly previousNumberOfCharacters?: number;
}

/**
 * A revision as its source described it: what `RecordRevision` carries and `RevisionCreated` keeps.
 * Shared so the command and the event cannot drift apart field by field.
 */
export interface RevisionFacts {
  readonly namespace: number;
  /** Title with spaces, including the namespace prefix (as MediaWiki displays it). */
  readonly title: string;
  readonly revisionId: number;
  readonly parentId?: number;
  /** RFC3339 UTC, when the revision was saved. */
  readonly timestamp: string;
  readonly editor: Editor;
  /** Absent when MediaWiki hid it (`<comment deleted>`). */
  readonly comment?: string;
  readonly minor: boolean;
  readonly tags?: readonly string[];
  /** Base-36 SHA-1 of the content as MediaWiki stores it; absent when unknown. */
  readonly sha1?: string;
  /**
   * Content size in bytes (UTF-8); absent when unknown (a hidden text whose source gave no size,
   * e.g. `<text deleted="deleted"/>` without `bytes`, or `bytes="-1"`). Never negative or invented.
   * Events stored before this was optional may say -1 or 0 for such texts: `upcastPageEvent`.
   */
  readonly size?: number;
  readonly contentModel?: string;
  readonly contentFormat?: string;
  /** Wikitext; absent when hidden (`<text deleted>`) or not fetched. */
  readonly text?: string;
  /** Parsoid HTML when the source supplied it. */
  readonly html?: string;
  readonly isRedirect?: boolean;
  readonly enrichment?: Enrichment;
}

export interface RevisionCreatedData extends RevisionFacts {
  readonly wiki: string;
  readonly pageId: number;
  readonly visibility: Visibility;
  readonly score: VandalismScore;
  readonly flag: Flag;
  /**
   * False when an older revision arrived after a newer one: it is recorded, but the page's
   * current version stays the newer one.
   */
  readonly isLatest: boolean;
  /** Page id's previous revision size, for deltas (absent on the first known revision, or unknown). */
  readonly previousSize?: number;
  readonly previousRevisionId?: number;
  readonly source: SourceKind;
  /** RFC3339, when Okapi accepted the command (WME `event.date_created`). */
  readonly receivedAt: string;
}
export type RevisionCreated = Event<'RevisionCreated', RevisionCreatedData>;

/** A logged action on a whole page (delete, move, restore): who did it, when, and why. */
export interface PageActionData {
  readonly wiki: string;
  readonly pageId: number;
  readonly timestamp: string;
  readonly performer?: Editor;
  readonly comment?: string;
  readonly source: SourceKind;
  readonly receivedAt: string;
}

export interface PageDeletedData extends PageActionData {
  readonly namespace: number;
  readonly title: string;
}
export type PageDeleted = Event<'PageDeleted', PageDeletedData>;

export interface PageMovedData extends PageActionData {
  readonly fromNamespace: number;
  readonly fromTitle: string;
  readonly toNamespace: number;
  readonly toTitle: string;
  readonly revisionId?: number;
}
export type PageMoved = Event<'PageMoved', PageMovedData>;

export interface PageRestoredData extends PageActionData {
  readonly namespace: number;
  readonly title: string;
  readonly revisionId?: number;
}
export type PageRestored = Event<'PageRestored', PageRestoredData>;

export interface RevisionVisibilityChangedData {
  readonly wiki: string;
  readonly pageId: number;
  readonly revisionId: number;
  readonly visibility: Visibility;
  readonly timestamp: string;
  readonly source: SourceKind;
  readonly receivedAt: string;
}
export type RevisionVisibilityChanged = Event<'RevisionVisibilityChanged', RevisionVisibilityChangedData>;

export interface RevisionsRevertedData {
  readonly wiki: string;
  readonly pageId: number;
  /** The new revision whose content equals an earlier one. */
  readonly revertingRevisionId: number;
  /** The earlier revision whose content was restored. */
  readonly restoredRevisionId: number;
  /** Revisions between restored and reverting, undone by the revert, oldest first. */
  readonly revertedRevisionIds: readonly number[];
  readonly timestamp: string;
  readonly receivedAt: string;
}
export type RevisionsReverted = Event<'RevisionsReverted', RevisionsRevertedData>;

export type PageEvent =
  | RevisionCreated
  | PageDeleted
  | PageMoved
  | PageRestored
  | RevisionVisibilityChanged
  | RevisionsReverted;

export type PageEventType = PageEvent['type'];

export const PAGE_EVENT_TYPES: readonly PageEventType[] = [
  'RevisionCreated',
  'PageDeleted',
  'PageMoved',
  'PageRestored',
  'RevisionVisibilityChanged',
  'RevisionsReverted',
];
