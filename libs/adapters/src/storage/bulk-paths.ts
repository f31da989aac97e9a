import { join } from 'node:path';
import { badRequest } from '../errors/okapi-error';

/**
 * Where bulk files live under the data directory, mirroring WME's own bucket layout:
 * `snapshots/{id}.tar.gz|.json`, `chunks/{id}/chunk_{n}.tar.gz|.json`,
 * `batches/{YYYY-MM-DD}/{HH}/{id}.tar.gz|.json`, and the structured-contents snapshots (WME beta)
 * `structured-snapshots/{id}.tar.gz|.json`. Every path component is validated here, so
 * no request parameter can name a file outside these directories.
 */
export type BulkRef =
  | { readonly kind: 'snapshot'; readonly id: string }
  | { readonly kind: 'structured-snapshot'; readonly id: string }
  | { readonly kind: 'chunk'; readonly id: string; readonly chunk: number }
  | { readonly kind: 'batch'; readonly date: string; readonly hour: string; readonly id: string };

export const STRUCTURED_DIR = 'structured-snapshots';
const ID = /^[a-z0-9_]+_namespace_\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HOUR = /^([01]\d|2[0-3])$/;

export function assertId(id: string): string {
  if (!ID.test(id))
    throw badRequest('bulk.invalid_identifier', `"${id}" is not a bulk identifier ({wiki}_namespace_{n})`);
  return id;
}

export function assertDate(date: string): string {
  const ms = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw badRequest('bulk.invalid_date', `"${date}" is not a date (YYYY-MM-DD)`);
  }
  return date;
}

/** Accepts `7` or `07`; returns two digits. */
export function assertHour(hour: string): string {
  const h = /^\d$/.test(hour) ? `0${hour}` : hour;
  if (!HOUR.test(h)) throw badRequest('bulk.invalid_hour', `"${hour}" is not an hour (00-23)`);
  return h;
}

/** Chunk identifier as WME names it: `{id}_chunk_{n}`. */
export function chunkIdentifier(id: string, n: number): string {
  return `${id}_chunk_${n}`;
}

/** Accepts `{id}_chunk_{n}`, `chunk_{n}` or `{n}` for snapshot `id`. */
export function parseChunk(id: string, raw: string): number {
  const m = /^(?:(.+)_)?chunk_(\d+)$/.exec(raw) ?? /^()(\d+)$/.exec(raw);
  if (!m || (m[1] && m[1] !== id)) throw badRequest('bulk.invalid_chunk', `"${raw}" is not a chunk of ${id}`);
  return Number(m[2]);
}

/** Path of the file (`.tar.gz`) or metadata (`.json`) of a ref, relative to the root. */
export function refPath(ref: BulkRef, ext: '.tar.gz' | '.json'): string {
  switch (ref.kind) {
    case 'snapshot':
      return join('snapshots', `${assertId(ref.id)}${ext}`);
    case 'structured-snapshot':
      return join(STRUCTURED_DIR, `${assertId(ref.id)}${ext}`);
    case 'chunk':
      return join('chunks', assertId(ref.id), `chunk_${ref.chunk}${ext}`);
    case 'batch':
      return join('batches', assertDate(ref.date), assertHour(ref.hour), `${assertId(ref.id)}${ext}`);
    default: {
      const never: never = ref;
      throw new Error(`unknown ref ${JSON.stringify(never)}`);
    }
  }
}

/** Download file name (Content-Disposition), as WME names them. */
export function downloadName(ref: BulkRef): string {
  return ref.kind === 'chunk' ? `${chunkIdentifier(ref.id, ref.chunk)}.tar.gz` : `${ref.id}.tar.gz`;
}
