import { useEffect, useState } from 'preact/hooks';
import { Badge, ErrorBox, Loading, PageHeader, ScoreBar } from '../components/common';
import { FilterSelect } from '../components/filter-select';
import { Tabs } from '../components/tabs';
import { useApi } from '../lib/api-context';
import { articleDocument } from '../lib/article-frame';
import { lookupArticles } from '../lib/articles';
import { shortTime } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { useOverview, wikisOf } from '../lib/overview';
import { articleHref } from '../lib/route';
import type { Article } from '../lib/types';
import { NoArticleAtRevision } from './article-past.view';
import { RevisionHistory } from './revision-history.view';

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
  const [title, setTitle] = useState(name);
  const [project, setProject] = useState(wiki);
  useEffect(() => {
    setTitle(name);
    setProject(wiki);
  }, [name, wiki]);
  const overview = useOverview();
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
      <FilterSelect
        label="Project"
        value={project}
        all="Any project"
        options={wikisOf(overview.data)}
        onChange={setProject}
      />
      <button class="button primary" type="submit">
        Open
      </button>
    </form>
  );
}

function ArticleResult({ name, wiki, revision }: { name: string; wiki: string; revision: string }) {
  const { api } = useApi();
  const found = useLoad(() => lookupArticles(api, name, wiki, revision ? Number(revision) : undefined), []);
  if (found.error) return <ErrorBox error={found.error} />;
  if (!found.data) return <Loading what={`Looking up ${name}`} />;
  const article = found.data.at(0);
  const others = found.data.slice(1);
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
          <RevisionHistory
            wiki={wiki}
            pageId={article.identifier}
            name={article.name}
            current={article.version?.identifier}
          />
        )}
      </Tabs>
    </article>
  );
}
