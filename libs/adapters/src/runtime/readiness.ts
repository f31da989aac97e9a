import type { WorkerSupervisor } from './worker-supervisor';
import { promised } from '../errors/promised';

/*
 * Kept instead of @nestjs/terminus: the same checks and the same `{status, checks}` body serve the
 * API (Nest) and the four role processes, which answer /readyz from a plain node:http server
 * (roles/role-health.server.ts) with no Nest app to host terminus; terminus's body
 * (`{status: 'error', info, error, details}`) would also change what probes, the console and the
 * tests read, for ~100 lines of parallel probes with a timeout.
 */

/** One dependency's readiness probe. A probe may answer `degraded(...)`: working, but needs a look. */
export interface ReadinessCheck {
  readonly name: string;
  probe(): Promise<unknown>;
  /** Extra fields for this check's entry in the body (e.g. each worker's state), read after the probe. */
  detail?(): Record<string, unknown>;
}

/** What a probe returns when it works but something needs attention (e.g. dead letters). */
export interface Degraded {
  readonly degraded: true;
  readonly [detail: string]: unknown;
}

export function degraded(details: Record<string, unknown>): Degraded {
  return { ...details, degraded: true };
}

function isDegraded(v: unknown): v is Degraded {
  return typeof v === 'object' && v !== null && (v as { degraded?: unknown }).degraded === true;
}

export interface CheckResult {
  readonly status: 'ok' | 'degraded' | 'fail';
  readonly ms: number;
  readonly error?: string;
  readonly [detail: string]: unknown;
}

/** `degraded` still serves (HTTP 200); `fail` is 503. */
export interface Readiness {
  readonly status: 'ok' | 'degraded' | 'fail';
  readonly checks: Record<string, CheckResult>;
}

/**
 * The dead-letter check: degraded with the count (in all and per consumer) while any letter
 * waits for `okapi dead-letters retry`.
 */
export function deadLetterCheck(store: { counts(): Promise<Record<string, number>> }): ReadinessCheck {
  return {
    name: 'dead_letters',
    probe: async () => {
      const by = await store.counts();
      const count = Object.values(by).reduce((a, b) => a + b, 0);
      return count > 0 ? degraded({ count, consumers: by }) : { count };
    },
  };
}

/** DI token of the extra checks a process adds to the API's /readyz (`okapi start`: its workers). */
export const EXTRA_READINESS_CHECKS = Symbol('EXTRA_READINESS_CHECKS');

/**
 * The background workers as one check: ready when every worker runs; the entry lists each
 * worker's `state`, `restarts` and `lastError`, e.g.
 * `"workers":{"status":"ok","ms":0,"workers":{"views":{"state":"running","restarts":1,"lastError":"…"}}}`.
 */
export function workersCheck(supervisor: Pick<WorkerSupervisor, 'snapshot'>): ReadinessCheck {
  return {
    name: 'workers',
    probe: () =>
      promised(() => {
        const waiting = Object.entries(supervisor.snapshot()).filter(([, s]) => s.state !== 'running');
        if (waiting.length === 0) return;
        throw new Error(
          waiting.map(([name, s]) => `${name} ${s.state}${s.lastError ? `: ${s.lastError}` : ''}`).join('; '),
        );
      }),
    detail: () => ({ workers: supervisor.snapshot() }),
  };
}

const TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every probe in parallel, each bounded in time; ready only when all pass. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = TIMEOUT_MS): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, CheckResult]> => {
      const start = performance.now();
      try {
        const answer = await withTimeout(
          Promise.resolve().then(() => c.probe()),
          timeoutMs,
        );
        const ms = Math.round(performance.now() - start);
        if (isDegraded(answer)) {
          const { degraded: _d, ...details } = answer;
          return [c.name, { ...details, status: 'degraded', ms, ...c.detail?.() }];
        }
        return [c.name, { status: 'ok', ms, ...c.detail?.() }];
      } catch (e) {
        // The message only, never a stack: this body is public.
        return [
          c.name,
          {
            status: 'fail',
            ms: Math.round(performance.now() - start),
            error: (e instanceof Error ? e.message : String(e)).slice(0, 300),
            ...c.detail?.(),
          },
        ];
      }
    }),
  );
  const status = results.some(([, r]) => r.status === 'fail')
    ? 'fail'
    : results.some(([, r]) => r.status === 'degraded')
      ? 'degraded'
      : 'ok';
  return { status, checks: Object.fromEntries(results) };
}
