import type { ComponentChildren } from 'preact';
import { ApiError } from '../lib/api';

export function ErrorBox({ error }: { error?: Error }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : (error as { code?: string }).code;
  return (
    <p class="error" role="alert">
      {error.message}
      {code && <code class="code-tag">{code}</code>}
    </p>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="muted" role="status">
      {what}…
    </p>
  );
}

/** Okapi's vandalism probability as a bar and a number; `suspect` at or above the threshold. */
export function ScoreBar({ probability, suspect }: { probability?: number; suspect?: boolean }) {
  if (probability === undefined) return <span class="muted">–</span>;
  const pct = Math.round(probability * 100);
  return (
    <span class={`score ${suspect ? 'suspect' : ''}`} title={`vandalism probability ${probability.toFixed(3)}`}>
      <span class="score-track" aria-hidden="true">
        <span class="score-fill" style={{ width: `${pct}%` }} />
      </span>
      <span class="score-num">{probability.toFixed(2)}</span>
    </span>
  );
}

export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-header-extra">{children}</div>}
    </div>
  );
}
