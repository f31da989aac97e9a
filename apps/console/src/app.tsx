import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { Api, loadSession, revoke, saveSession, Session } from './lib/api';
import { ApiContext } from './lib/api-context';
import { parseRoute, Route } from './lib/route';
import { Shell } from './components/shell';
import { LoginView } from './views/login.view';
import { FirehoseView } from './views/firehose.view';
import { RatesView } from './views/rates.view';
import { FlaggedView } from './views/flagged.view';
import { ArticleView } from './views/article.view';
import { SqlView } from './views/sql.view';
import { BulkView } from './views/bulk.view';
import { StatusView } from './views/status.view';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function ViewFor({ route }: { route: Route }) {
  switch (route.view) {
    case 'firehose':
      return <FirehoseView />;
    case 'rates':
      return <RatesView />;
    case 'flagged':
      return <FlaggedView params={route.params} />;
    case 'article':
      return <ArticleView params={route.params} />;
    case 'sql':
      return <SqlView />;
    case 'bulk':
      return <BulkView />;
    case 'status':
      return <StatusView />;
  }
}

/** Login gate, then the shell with the view the URL hash names. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [expired, setExpired] = useState(false);
  const route = useRoute();

  const signOut = useCallback((becauseExpired: boolean) => {
    setSession((current) => {
      if (current && !becauseExpired) void revoke(current);
      return undefined;
    });
    saveSession(undefined);
    setExpired(becauseExpired);
  }, []);

  const api = useMemo(() => (session ? new Api(session, () => signOut(true)) : undefined), [session, signOut]);

  if (!session || !api)
    return (
      <LoginView
        expired={expired}
        onLogin={(s) => {
          saveSession(s);
          setExpired(false);
          setSession(s);
        }}
      />
    );
  return (
    <ApiContext.Provider value={{ api, session, signOut: () => signOut(true) }}>
      <Shell view={route.view} username={session.username} onSignOut={() => signOut(false)}>
        <ViewFor route={route} />
      </Shell>
    </ApiContext.Provider>
  );
}
