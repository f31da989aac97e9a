import { useApi } from './api-context';
import { Loaded, useLoad } from './hooks';

/**
 * `GET path` with the user's token, as loaded state: again when the path changes (it carries
 * every parameter), and every `everyMs` if given.
 */
export function useJson<T>(path: string, everyMs?: number): Loaded<T> {
  const { api } = useApi();
  return useLoad(() => api.json<T>(path), [path], everyMs);
}
