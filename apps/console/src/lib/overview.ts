import type { Overview } from '@okapi/console-contract';
import type { Loaded } from './hooks';
import { useJson } from './use-json';

/** `GET /v2/console/overview`, loaded once per view: the wikis, namespaces and sources the filters offer. */
export function useOverview(): Loaded<Overview> {
  return useJson<Overview>('/v2/console/overview');
}

/** Each wiki once (the overview lists one row per wiki and namespace), in the server's order. */
export function wikisOf(overview: Overview | undefined): string[] {
  return [...new Set(overview?.wikis.map((w) => w.wiki) ?? [])];
}
