import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { routeHref, View } from '../lib/route';

const NAV: readonly { view: View; label: string; hint: string }[] = [
  { view: 'firehose', label: 'Live', hint: 'Realtime firehose' },
  { view: 'rates', label: 'Rates', hint: 'Edits per minute' },
  { view: 'flagged', label: 'Flagged', hint: 'Suspect edits' },
  { view: 'article', label: 'Articles', hint: 'On-demand and history' },
  { view: 'sql', label: 'SQL', hint: 'Analytics' },
  { view: 'bulk', label: 'Bulk', hint: 'Snapshots and batches' },
  { view: 'status', label: 'Status', hint: 'Lag and health' },
];

export const VIEW_TITLES: Readonly<Record<View, string>> = {
  firehose: 'Live firehose',
  rates: 'Edit rates',
  flagged: 'Flagged edits',
  article: 'Articles',
  sql: 'SQL console',
  bulk: 'Bulk downloads',
  status: 'Status',
};

interface ShellProps {
  readonly view: View;
  readonly username: string;
  readonly onSignOut: () => void;
  readonly children: ComponentChildren;
}

/** Header, navigation (a sidebar when wide, a scrolling tab row when narrow) and the main region. */
export function Shell({ view, username, onSignOut, children }: ShellProps) {
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${VIEW_TITLES[view]} · Okapi console`;
  }, [view]);
  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={routeHref('firehose')}>
          <svg aria-hidden="true" width="22" height="22" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="7" fill="currentColor" opacity=".18" />
            <path d="M9 22V10l7 7 7-7v12" fill="none" stroke="currentColor" stroke-width="3" stroke-linejoin="round" />
          </svg>
          <span>Okapi</span>
        </a>
        <div class="topbar-right">
          <a class="quiet-link" href="/docs" target="_blank" rel="noopener">
            API docs
          </a>
          <span class="user" title="Signed in">
            {username}
          </span>
          <button type="button" class="button ghost" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav class="nav" aria-label="Console sections">
        <ul>
          {NAV.map((item) => (
            <li key={item.view}>
              <a href={routeHref(item.view)} aria-current={item.view === view ? 'page' : undefined} title={item.hint}>
                <span class="nav-label">{item.label}</span>
                <span class="nav-hint">{item.hint}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
