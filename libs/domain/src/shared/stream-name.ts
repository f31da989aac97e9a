import { Brand } from './brand';

export type StreamName = Brand<string, 'StreamName'>;

const PAGE_STREAM = /^page-([a-z0-9_]+)-(\d+)$/;

/** One stream per page: `page-{wiki}-{pageId}`. */
export function pageStream(wiki: string, pageId: number): StreamName {
  return `page-${wiki}-${pageId}` as StreamName;
}

export function parsePageStream(name: string): { wiki: string; pageId: number } | undefined {
  const m = PAGE_STREAM.exec(name);
  return m ? { wiki: m[1], pageId: Number(m[2]) } : undefined;
}
