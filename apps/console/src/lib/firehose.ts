import type { Article } from './types';

/** What the firehose view filters on: the realtime API's own filters (docs/realtime.md). */
export interface FirehoseFilters {
  readonly wiki: string;
  /** '' = all namespaces; else the id as text. */
  readonly namespace: string;
  readonly type: string;
  readonly vandalism: 'include' | 'only' | 'exclude';
}

export const NO_FILTERS: FirehoseFilters = { wiki: '', namespace: '', type: '', vandalism: 'include' };

/** Only what a row shows: no article body travels to the console. */
export const FIREHOSE_FIELDS = [
  'name',
  'identifier',
  'date_modified',
  'event.*',
  'is_part_of.*',
  'namespace.*',
  'version.*',
];

/** The realtime request body: filters ANDed, `offset` (exclusive) only when not resuming by id. */
export function firehoseBody(filters: FirehoseFilters, startOffset?: number): Record<string, unknown> {
  const list: { field: string; value: string | number }[] = [];
  if (filters.wiki) list.push({ field: 'is_part_of.identifier', value: filters.wiki });
  if (filters.namespace !== '') list.push({ field: 'namespace.identifier', value: Number(filters.namespace) });
  if (filters.type) list.push({ field: 'event.type', value: filters.type });
  return {
    fields: FIREHOSE_FIELDS,
    ...(list.length ? { filters: list } : {}),
    ...(filters.vandalism !== 'include' ? { vandalism: filters.vandalism } : {}),
    ...(startOffset !== undefined ? { offset: String(startOffset) } : {}),
  };
}

/** One row of the live list. */
export interface FirehoseItem {
  readonly id: string;
  readonly offset?: number;
  readonly type: string;
  readonly wiki: string;
  readonly namespace?: number;
  readonly name: string;
  readonly revision?: number;
  readonly editor?: string;
  readonly editorKind?: 'anonymous' | 'bot';
  readonly comment?: string;
  readonly probability?: number;
  readonly suspect: boolean;
  readonly time?: string;
}

export function toItem(id: string, a: Article): FirehoseItem {
  const editor = a.version?.editor;
  const risk = a.version?.scores?.revertrisk;
  return {
    id,
    ...(a.event?.offset !== undefined ? { offset: a.event.offset } : {}),
    type: a.event?.type ?? 'update',
    wiki: a.is_part_of?.identifier ?? '',
    ...(a.namespace ? { namespace: a.namespace.identifier } : {}),
    name: a.name,
    ...(a.version?.identifier !== undefined ? { revision: a.version.identifier } : {}),
    ...(editor?.name ? { editor: editor.name } : {}),
    ...(editor?.is_bot
      ? { editorKind: 'bot' as const }
      : editor?.is_anonymous
        ? { editorKind: 'anonymous' as const }
        : {}),
    ...(a.version?.comment ? { comment: a.version.comment } : {}),
    ...(risk?.probability?.true !== undefined ? { probability: risk.probability.true } : {}),
    suspect: risk?.prediction === true,
    ...(a.date_modified || a.event?.date_created ? { time: a.date_modified ?? a.event?.date_created } : {}),
  };
}

/** Newest first, at most `max`: the list a person can read, not the whole stream. */
export function prepend<T>(list: readonly T[], fresh: readonly T[], max: number): T[] {
  return [...fresh].reverse().concat(list).slice(0, max);
}
