/** The console's views; the URL hash names one, with its parameters: `#/article?wiki=enwiki&name=Pear`. */
export const VIEWS = ['firehose', 'rates', 'flagged', 'article', 'sql', 'bulk', 'status'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  readonly view: View;
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  const view = VIEWS.find((v) => v === m?.[1]) ?? 'firehose';
  return { view, params: new URLSearchParams(m?.[2] ?? '') };
}

export function routeHref(view: View, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const query = q.toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

/** Link to an article (optionally at a revision) in the Article view. */
export function articleHref(name: string, wiki?: string, revision?: number): string {
  return routeHref('article', { name, wiki, revision });
}
