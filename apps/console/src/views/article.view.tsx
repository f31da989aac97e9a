import { useEffect, useState } from 'preact/hooks';
import { Badge, ErrorBox, Loading, PageHeader, ScoreBar } from '../components/common';
import { DiffView } from '../components/diff-view';
import { Tabs } from '../components/tabs';
import { useApi } from '../lib/api-context';
import { articleDocument } from '../lib/article-frame';
import { shortTime, signed } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { articleHref } from '../lib/route';
import type { Article, ConsoleRevision, Overview, RevisionSide } from '../lib/types';

/**
 * On-demand lookup by title (`/v2/articles/{name}`), time travel to any past revision
 * (`revision=`), the page's revision history and a diff between any two revisions.
 */
export function ArticleView({ params }: { params: URLSearchParams }) {
  const name = params.get('name') ?? '';
  const wiki = params.get('wiki') ?? '';
  const revision = params.get('revision') ?? '';
  return (
    <section>
      <PageHeader title="Articles" />
      <ArticleSearch name={name} wiki={wiki} />
      {name ? (
        <ArticleResult key={`${name}|${wiki}|${revision}`} name={name} wiki={wiki} revision={revision} />
      ) : (
        <Hint />
      )}
    </section>
  );
}

function Hint() {
  return (
    <p class="empty">
      Type a title (e.g. <a href={articleHref('Squirrel')}>Squirrel</a>), or open one from the live firehose.
    </p>
  );
}

function ArticleSearch({ name, wiki }: { name: string; wiki: string }) {
  const { api } = useApi();
  const [title, setTitle] = useState(name);
  const [project, setProject] = useState(wiki);
  useEffect(() => (setTitle(name), setProject(wiki)), [name, wiki]);
  const overview = useLoad(() => api.json<Overview>('/v2/console/overview'), []);
  const wikis = [...new Set(overview.data?.wikis.map((w) => w.wiki) ?? [])];
  return (
    <form
      class="toolbar"
      role="search"
      aria-label="Find an article"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) location.hash = articleHref(title.trim(), project || undefined);
      }}
    >
      <label class="grow">
        Title
        <input
          type="search"
          value={title}
          required
          placeholder="Squirrel"
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      <label>
        Project
        <select value={project} onChange={(e) => setProject(e.currentTarget.value)}>
          <option value="">Any project</option>
          {wikis.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </label>
      <button class="button primary" type="submit">
        Open
      </button>
    </form>
  );
}

function ArticleResult({ name, wiki, revision }: { name: string; wiki: string; revision: string }) {
  const { api } = useApi();
  const body = {
    ...(wiki ? { filters: [{ field: 'is_part_of.identifier', value: wiki }] } : {}),
    ...(revision ? { revision: Number(revision) } : {}),
  };
  const found = useLoad(() => api.post<Article[]>(`/v2/articles/${encodeURIComponent(name)}`, body), []);
  if (found.error) return <ErrorBox error={found.error} />;
  if (!found.data) return <Loading what={`Looking up ${name}`} />;
  const [article, ...others] = found.data;
  if (!article && revision) return <NoArticleAtRevision name={name} wiki={wiki} revision={Number(revision)} />;
  if (!article) return <p class="empty">No article named “{name}”.</p>;
  return (
    <>
      {others.length > 0 && (
        <p class="muted">
          Also on:{' '}
          {others.map((o) => (
            <a key={o.is_part_of?.identifier} class="inline-link" href={articleHref(name, o.is_part_of?.identifier)}>
              {o.is_part_of?.identifier}
            </a>
          ))}
        </p>
      )}
      <ArticleDetail article={article} revision={revision} />
    </>
  );
}

function ArticleDetail({ article, revision }: { article: Article; revision: string }) {
  const [tab, setTab] = useState('rendered');
  const wiki = article.is_part_of?.identifier ?? '';
  const risk = article.version?.scores?.revertrisk;
  return (
    <article class="article" aria-labelledby="article-title">
      <div class="article-head">
        <h2 id="article-title">{article.name}</h2>
        <div class="meta">
          <Badge kind="wiki">{wiki}</Badge>
          <span>page {article.identifier}</span>
          <span>r{article.version?.identifier}</span>
          <span>{shortTime(article.date_modified)}</span>
          <span>by {article.version?.editor?.name ?? 'hidden'}</span>
          <ScoreBar probability={risk?.probability?.true} suspect={risk?.prediction} />
          {article.url && (
            <a class="inline-link" href={article.url} target="_blank" rel="noopener noreferrer">
              on {wiki}
            </a>
          )}
        </div>
        {revision && (
          <p class="notice" role="status" data-testid="time-travel">
            Time travel: revision r{revision} as of {shortTime(article.date_modified)}.{' '}
            <a href={articleHref(article.name, wiki)}>Back to the current revision</a>
          </p>
        )}
      </div>
      <Tabs
        id="article"
        label="Article views"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { key: 'rendered', label: 'Rendered' },
          { key: 'wikitext', label: 'Wikitext' },
          { key: 'json', label: 'JSON' },
          { key: 'history', label: 'History & diff' },
        ]}
      >
        {tab === 'rendered' &&
          (article.article_body?.html ? (
            <iframe
              class="article-frame"
              title={`${article.name} (rendered)`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              srcdoc={articleDocument(article.article_body.html, article.name, article.is_part_of?.url ?? article.url)}
            />
          ) : (
            <p class="muted">No HTML for this revision.</p>
          ))}
        {tab === 'wikitext' && (
          <pre class="code-block" data-testid="wikitext">
            {article.article_body?.wikitext ?? '(text hidden or not available)'}
          </pre>
        )}
        {tab === 'json' && <pre class="code-block">{JSON.stringify(article, null, 2)}</pre>}
        {tab === 'history' && (
          <History wiki={wiki} pageId={article.identifier} name={article.name} current={article.version?.identifier} />
        )}
      </Tabs>
    </article>
  );
}

function History({ wiki, pageId, name, current }: { wiki: string; pageId: number; name: string; current?: number }) {
  const { api } = useApi();
  const history = useLoad(
    () => api.json<ConsoleRevision[]>(`/v2/console/pages/${encodeURIComponent(wiki)}/${pageId}/revisions?limit=200`),
    [wiki, pageId],
  );
  const [older, setOlder] = useState<number>();
  const [newer, setNewer] = useState<number>();
  const [compare, setCompare] = useState<{ from: number; to: number }>();
  if (history.error) return <ErrorBox error={history.error} />;
  if (!history.data) return <Loading what="Loading the history" />;
  const revs = history.data;
  const a = older ?? revs[1]?.revision_id;
  const b = newer ?? revs[0]?.revision_id;
  return (
    <div class="history">
      <form
        class="toolbar"
        aria-label="Compare revisions"
        onSubmit={(e) => {
          e.preventDefault();
          if (a !== undefined && b !== undefined) setCompare({ from: a, to: b });
        }}
      >
        <p class="muted grow">
          {revs.length} revision{revs.length === 1 ? '' : 's'}, newest first. Pick an older (A) and a newer (B) one to
          compare.
        </p>
        <button class="button" type="submit" disabled={a === undefined || b === undefined || a === b}>
          Compare A → B
        </button>
      </form>
      {compare && <DiffView wiki={wiki} pageId={pageId} from={compare.from} to={compare.to} />}
      <div class="table-scroll">
        <table class="table history-table" aria-label="Revision history">
          <thead>
            <tr>
              <th scope="col">A</th>
              <th scope="col">B</th>
              <th scope="col">Revision</th>
              <th scope="col">Time</th>
              <th scope="col">Editor</th>
              <th scope="col" class="num">
                Δ bytes
              </th>
              <th scope="col">Score</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {revs.map((r) => (
              <tr key={r.revision_id} class={r.revision_id === current ? 'is-current' : ''}>
                <td>
                  <input
                    type="radio"
                    name="older"
                    aria-label={`Compare from r${r.revision_id}`}
                    checked={a === r.revision_id}
                    onChange={() => setOlder(r.revision_id)}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="newer"
                    aria-label={`Compare to r${r.revision_id}`}
                    checked={b === r.revision_id}
                    onChange={() => setNewer(r.revision_id)}
                  />
                </td>
                <td>
                  <a href={articleHref(name, wiki, r.revision_id)} aria-label={`View revision ${r.revision_id}`}>
                    r{r.revision_id}
                  </a>
                  {r.revision_id === current && <span class="muted"> (shown)</span>}
                </td>
                <td>{shortTime(r.timestamp)}</td>
                <td>{r.editor.name ?? <span class="muted">hidden</span>}</td>
                <td class="num">{signed(r.delta)}</td>
                <td>
                  <ScoreBar probability={r.score.probability} suspect={r.flag === 'suspect'} />
                  {r.reverted_by && <Badge kind="confirmed">reverted</Badge>}
                  {r.restores_revision_id !== undefined && <Badge kind="pending">revert</Badge>}
                </td>
                <td class="comment-cell">
                  <div class="clamp">{r.comment}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * WME serves no article for a revision that was a redirect (or a page deleted then): show what
 * that revision recorded instead, from the page's event stream.
 */
function NoArticleAtRevision({ name, wiki, revision }: { name: string; wiki: string; revision: number }) {
  const { api } = useApi();
  const past = useLoad(async () => {
    const filters = wiki ? { filters: [{ field: 'is_part_of.identifier', value: wiki }] } : {};
    const [current] = await api.post<Article[]>(`/v2/articles/${encodeURIComponent(name)}`, filters);
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
