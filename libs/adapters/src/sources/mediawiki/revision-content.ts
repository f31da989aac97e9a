/** What the MediaWiki Action API says about one revision (formatversion=2, rvslots=main). */
export interface AvailableRevision {
  readonly status: 'ok';
  readonly revisionId: number;
  readonly pageId: number;
  readonly namespace: number;
  readonly title: string;
  readonly parentId?: number;
  readonly timestamp?: string;
  readonly minor: boolean;
  readonly user?: string;
  readonly userId?: number;
  readonly comment?: string;
  readonly tags: readonly string[];
  readonly sha1?: string;
  readonly size?: number;
  readonly contentModel?: string;
  readonly contentFormat?: string;
  /** Absent when `texthidden` (revision-deleted) or suppressed. */
  readonly text?: string;
  readonly textHidden: boolean;
  readonly userHidden: boolean;
  readonly commentHidden: boolean;
  /** Hidden from administrators too (oversight). */
  readonly suppressed: boolean;
  /** Parsoid HTML, when requested and available. */
  readonly html?: string;
}

/** `badrevids`, or a `missing` page: the revision or its page no longer exists (deleted since). */
export interface MissingRevision {
  readonly status: 'missing';
  readonly revisionId: number;
}

/** Every retry failed: the revision is recorded without content and dead-lettered for refetch. */
export interface UnavailableRevision {
  readonly status: 'unavailable';
  readonly revisionId: number;
  readonly reason: string;
}

export type RevisionContent = AvailableRevision | MissingRevision | UnavailableRevision;
