import { Enrichment } from '../events/page.events';

/** The parts of a WME Article (snapshot, batch or on-demand line) that Okapi does not derive itself. */
export interface WmeEnrichmentSource {
  readonly abstract?: string;
  readonly categories?: readonly { name: string; url: string }[];
  readonly templates?: readonly { name: string; url: string }[];
  readonly redirects?: readonly { name: string; url: string }[];
  readonly main_entity?: { readonly identifier: string; readonly url: string };
  readonly additional_entities?: readonly { identifier: string; url: string; aspects?: string[] }[];
  readonly protection?: readonly { type: string; level: string; expiry: string }[];
  readonly image?: Readonly<Record<string, unknown>>;
  readonly watchers_count?: number;
  readonly date_created?: string;
  readonly date_previously_modified?: string;
  readonly previous_version?: { readonly number_of_characters?: number };
  readonly license?: readonly { identifier: string; name: string; url: string }[];
  readonly version: {
    readonly scores?: Readonly<Record<string, unknown>>;
    readonly number_of_characters?: number;
    readonly has_tag_needs_citation?: boolean;
  };
}

/**
 * What of a WME Article travels verbatim in a revision's `enrichment`, so the Article Okapi serves
 * again carries it. Absent fields are left out (WME omits empty fields, and so do we).
 */
export function enrichmentFromWme(a: WmeEnrichmentSource): Enrichment {
  const v = a.version;
  const e: Record<string, unknown> = {
    abstract: a.abstract,
    categories: a.categories,
    templates: a.templates,
    redirects: a.redirects,
    mainEntity: a.main_entity ? { identifier: a.main_entity.identifier, url: a.main_entity.url } : undefined,
    additionalEntities: a.additional_entities,
    protection: a.protection,
    image: a.image,
    watchersCount: a.watchers_count,
    dateCreated: a.date_created,
    license: a.license,
    scores: v.scores,
    numberOfCharacters: v.number_of_characters,
    hasTagNeedsCitation: v.has_tag_needs_citation,
    // A snapshot line holds only the latest revision: keep what it says of the one before.
    datePreviouslyModified: a.date_previously_modified,
    previousNumberOfCharacters: a.previous_version?.number_of_characters,
  };
  return Object.fromEntries(Object.entries(e).filter(([, x]) => x !== undefined));
}
