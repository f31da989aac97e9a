import type { Api } from './api';
import type { Article } from './types';

/**
 * On-demand lookup by title (`POST /v2/articles/{name}`): every project's Article of that name,
 * or only `wiki`'s, as of `revision` when given (time travel).
 */
export function lookupArticles(api: Api, name: string, wiki: string, revision?: number): Promise<Article[]> {
  return api.post<Article[]>(`/v2/articles/${encodeURIComponent(name)}`, {
    ...(wiki ? { filters: [{ field: 'is_part_of.identifier', value: wiki }] } : {}),
    ...(revision !== undefined ? { revision } : {}),
  });
}
