import type { RevisionSide } from '@okapi/console-contract';
import { ErrorBox, Loading } from '../components/common';
import { useApi } from '../lib/api-context';
import { lookupArticles } from '../lib/articles';
import { shortTime } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { articleHref } from '../lib/route';

/**
 * WME serves no article for a revision that was a redirect (or a page deleted then): show what
 * that revision recorded instead, from the page's event stream.
 */
export function NoArticleAtRevision({ name, wiki, revision }: { name: string; wiki: string; revision: number }) {
  const { api } = useApi();
  const past = useLoad(async () => {
    const current = (await lookupArticles(api, name, wiki)).at(0);
    if (!current?.is_part_of) return undefined;
    const path = `/v2/console/pages/${encodeURIComponent(current.is_part_of.identifier)}/${current.identifier}/revisions/${revision}`;
    return { current, side: await api.json<RevisionSide>(path) };
  }, []);
  if (past.error) return <ErrorBox error={past.error} />;
  if (past.loading && !past.data) return <Loading what={`Reading revision ${revision}`} />;
  if (!past.data)
    return (
      <p class="empty">
        No article named “{name}” at revision {revision}.
      </p>
    );
  const { current, side } = past.data;
  return (
    <article class="article" aria-labelledby="article-title">
      <h2 id="article-title">{side.title}</h2>
      <p class="notice" role="status" data-testid="time-travel">
        Time travel: at r{revision} ({shortTime(side.timestamp)}) this page was no article (a redirect, or deleted), so
        the on-demand API serves nothing for it. Its recorded wikitext:{' '}
        <a href={articleHref(current.name, current.is_part_of?.identifier)}>back to the current revision</a>
      </p>
      <pre class="code-block" data-testid="wikitext">
        {side.text ?? '(text hidden or not available)'}
      </pre>
    </article>
  );
}
