import { PAGE_CHANGE_KINDS, PageChangeEvent } from './page-change-types';

/** An event that cannot be ingested; it goes to the dead-letter file, the stream goes on. */
export class MalformedEvent extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedEvent';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * Parses and checks one SSE `data` payload. Only what the mapping relies on is checked, so
 * additive schema changes upstream do not break ingestion.
 */
export function parsePageChange(data: string): PageChangeEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (e) {
    throw new MalformedEvent(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObj(value)) throw new MalformedEvent('event is not a JSON object');
  const problems = check(value);
  if (problems.length) throw new MalformedEvent(problems.join('; '));
  return value as unknown as PageChangeEvent;
}

/** True for canary events (synthetic health checks EventStreams injects; never real edits). */
export function isCanary(value: unknown): boolean {
  return isObj(value) && isObj(value.meta) && value.meta.domain === 'canary';
}

function check(e: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  need(isObj(e.meta) && isStr(e.meta.domain), 'meta.domain missing');
  if (isCanary(e)) return problems;
  need(isStr(e.wiki_id) && /^[a-z0-9_]+$/.test(e.wiki_id), 'wiki_id missing or invalid');
  need(
    PAGE_CHANGE_KINDS.includes(e.page_change_kind as never),
    `unknown page_change_kind ${JSON.stringify(e.page_change_kind)}`,
  );
  need(isStr(e.dt) && !Number.isNaN(Date.parse(e.dt)), 'dt missing or not a date');
  const page = e.page;
  need(isObj(page) && isInt(page.page_id) && page.page_id > 0, 'page.page_id missing');
  need(isObj(page) && isStr(page.page_title) && page.page_title !== '', 'page.page_title missing');
  need(isObj(page) && isInt(page.namespace_id), 'page.namespace_id missing');
  const rev = e.revision;
  need(isObj(rev) && isInt(rev.rev_id) && rev.rev_id > 0, 'revision.rev_id missing');
  need(
    isObj(rev) && isStr(rev.rev_dt) && !Number.isNaN(Date.parse(rev.rev_dt)),
    'revision.rev_dt missing or not a date',
  );
  return problems;
}
