/**
 * Shapes of the WME and health answers the console reads; the console endpoints' own shapes are
 * @okapi/console-contract (one definition with the server).
 */

export interface Readiness {
  readonly status: string;
  readonly checks: Readonly<Record<string, { status: string; ms?: number; error?: string; [k: string]: unknown }>>;
}

/** The parts of a WME Article the console shows (every field optional: `fields` may cut them). */
export interface Article {
  readonly name: string;
  readonly identifier: number;
  readonly url?: string;
  readonly abstract?: string;
  readonly date_modified?: string;
  readonly date_created?: string;
  readonly is_part_of?: { identifier: string; url?: string };
  readonly in_language?: { identifier: string };
  readonly namespace?: { identifier: number; name?: string };
  readonly version?: {
    identifier: number;
    comment?: string;
    is_minor_edit?: boolean;
    editor?: { name?: string; identifier?: number; is_anonymous?: boolean; is_bot?: boolean };
    scores?: { revertrisk?: { prediction?: boolean; probability?: { true?: number; false?: number } } };
    size?: { value: number; unit_text: string };
    number_of_characters?: number;
  };
  readonly article_body?: { html?: string; wikitext?: string };
  readonly event?: {
    identifier?: string;
    type: string;
    date_created?: string;
    date_published?: string;
    offset?: number;
  };
  readonly categories?: readonly { name: string; url: string }[];
}

export interface BulkMeta {
  readonly identifier: string;
  readonly version?: string;
  readonly date_modified?: string;
  readonly is_part_of?: { identifier: string };
  readonly in_language?: { identifier: string };
  readonly namespace?: { identifier: number };
  readonly size?: { value: number; unit_text: string };
  readonly chunks?: readonly string[];
  readonly sha256?: string;
}
