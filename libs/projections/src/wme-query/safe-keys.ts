import { queryError } from './wme-query.errors';

/**
 * No request value ever becomes a key of a plain object. Parsed request data lives in Maps or
 * null-prototype objects, and the names that reach an object's prototype machinery are refused
 * wherever a request names a key or a path segment.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN.has(key);
}

export function forbiddenKey(where: string, key: string): never {
  throw queryError('request.forbidden_key', `${where}: "${key}" is not allowed as a name`);
}

/** Own enumerable entries of a parsed value (plain or null-prototype), never inherited ones. */
export function ownEntries(value: object): [string, unknown][] {
  return Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
}

/** Deepest nesting looked at for forbidden keys; deeper bodies are the JSON parser's to refuse. */
const SCAN_DEPTH = 64;

/** Refuses a forbidden key anywhere in a parsed JSON value (`where` names the parameter). */
export function assertSafeKeys(value: unknown, where: string, depth = 0): void {
  if (typeof value !== 'object' || value === null || depth > SCAN_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) assertSafeKeys(v, where, depth + 1);
    return;
  }
  for (const k of Object.keys(value)) {
    if (FORBIDDEN.has(k)) forbiddenKey(where, k);
    assertSafeKeys((value as Record<string, unknown>)[k], where, depth + 1);
  }
}

/**
 * `JSON.parse` whose objects have no prototype (a `__proto__` member stays plain data). The
 * reviver runs bottom-up, so every object of the result is rebuilt once.
 */
export function parseJsonSafely(text: string): unknown {
  return JSON.parse(text, nullPrototypeReviver);
}

export function nullPrototypeReviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(value)) {
    // No prototype, so no `__proto__` setter on the chain: assigning it makes an ordinary property.
    out[k] = (value as Record<string, unknown>)[k];
  }
  return out;
}
