import { parse as parseQuery } from 'node:querystring';
import { nullPrototypeReviver } from '@okapi/projections';

/** More distinct query parameters than any endpoint takes; the rest are dropped, not parsed. */
const MAX_QUERY_KEYS = 100;

/**
 * express's query parser: Node's querystring, whose result has no prototype (a `__proto__`
 * parameter is plain data, and no nested objects are built from `a[b]=c`).
 */
export function parseQueryString(text: string): Record<string, string | string[]> {
  return parseQuery(text, '&', '=', { maxKeys: MAX_QUERY_KEYS }) as Record<string, string | string[]>;
}

/** Every object of a parsed JSON body has no prototype. */
export const jsonBodyReviver = nullPrototypeReviver;
