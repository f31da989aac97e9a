import { PageCommand } from '@okapi/domain';
import { PageInfoFetcher } from './page-info-fetcher';
import { joinPageInfo, wantsPageInfo } from './page-info-joiner';

/**
 * Joins page properties and editor facts into the revisions of one batch of source events
 * (grouped per wiki: one `prop=info|pageprops|redirects|...` request per 50 pages and one
 * `list=users` per 50 editors, both cached), keeping every command's place.
 */
export async function enrichWithPageInfo(
  fetcher: PageInfoFetcher,
  items: readonly { readonly domain: string; readonly commands: readonly PageCommand[] }[],
): Promise<PageCommand[][]> {
  const byDomain = new Map<string, { wiki: string; pages: number[]; users: number[] }>();
  for (const item of items) {
    for (const c of item.commands) {
      if (!wantsPageInfo(c)) continue;
      const d = byDomain.get(item.domain) ?? { wiki: c.wiki, pages: [], users: [] };
      d.pages.push(c.pageId);
      if (c.visibility?.editor !== false && c.editor.id) d.users.push(c.editor.id);
      byDomain.set(item.domain, d);
    }
  }
  const answers = new Map(
    await Promise.all(
      [...byDomain].map(async ([domain, d]) => {
        const [pages, users] = await Promise.all([
          fetcher.pageInfo(domain, d.wiki, d.pages),
          fetcher.usersById(domain, d.users),
        ]);
        return [domain, { pages, users }] as const;
      }),
    ),
  );
  return items.map((item) =>
    item.commands.map((c) => {
      const a = answers.get(item.domain);
      if (!a || !wantsPageInfo(c)) return c;
      return joinPageInfo(c, a.pages.get(c.pageId), c.editor.id ? a.users.get(c.editor.id) : undefined);
    }),
  );
}
