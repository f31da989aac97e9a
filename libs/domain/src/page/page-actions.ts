import { compareTimestamps, PageActions } from './page.state';

/**
 * Redelivery guard for page actions (delete, restore, move). Sources deliver at least once and in
 * order per page, so a redelivered action is one the page already applied:
 * - older than the latest applied action: stale, a no-op;
 * - at the same instant with the same key: a repeat, a no-op (MediaWiki's one-second timestamps
 *   make delete+restore in one second common; time alone cannot tell them apart);
 * - later, or same instant with a new key: applied.
 * Known blind spot: the SAME action twice within one second (delete, restore, delete) looks like a
 * redelivery and the second one is dropped; Okapi prefers that to recording redeliveries twice.
 */
export function isRepeatedAction(actions: PageActions | undefined, timestamp: string, key: string): boolean {
  if (!actions) return false;
  const dt = compareTimestamps(timestamp, actions.at);
  if (Number.isNaN(dt)) return false;
  return dt < 0 || (dt === 0 && actions.keys.includes(key));
}

/** Actions after applying one more at `timestamp` (events come in order; an older one is kept out). */
export function withAction(actions: PageActions | undefined, timestamp: string, key: string): PageActions {
  if (!actions) return { at: timestamp, keys: [key] };
  const dt = compareTimestamps(timestamp, actions.at);
  if (dt > 0 || Number.isNaN(dt)) return { at: timestamp, keys: [key] };
  if (dt < 0 || actions.keys.includes(key)) return actions;
  return { at: actions.at, keys: [...actions.keys, key] };
}

export const DELETE_KEY = 'delete';
export const RESTORE_KEY = 'restore';

export function moveKey(toNamespace: number, toTitle: string): string {
  return `move>${toNamespace}:${toTitle}`;
}
