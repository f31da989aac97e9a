import type { INestApplication } from '@nestjs/common';
import { bulkSchedulerWorker } from '@okapi/adapters/bulk';
import { OkapiConfig } from '@okapi/adapters/config';
import {
  deadLetterCheck,
  openRuntime,
  ReadinessCheck,
  Runtime,
  Worker,
  WorkerSupervisor,
  workersCheck,
} from '@okapi/adapters/runtime';
import { createApiApp } from '@okapi/api';
import { liveSourcesWorker } from '@okapi/ingest';
import { publisherWorker, viewsWorker } from '@okapi/projector';
import { RoleDefinition, RoleName } from './roles/role-definitions';

/*
 * The composition root: the one place that builds Okapi's object graph. `okapi start`, `okapi api`,
 * the role processes and the one-shot commands all get their runtime (the opened ports), workers
 * and Nest app from here, so what a process is made of is decided once.
 */

/** Builds one background worker over an opened runtime; undefined when its feature is off. */
export type WorkerFactory = (runtime: Runtime) => Worker | undefined;

/**
 * Every background worker with the role that runs it on its own, in the order `okapi start` runs
 * them all in one process (started in this order, stopped in reverse). The API role has none.
 */
const WORKERS: readonly { readonly role: RoleName; readonly factory: WorkerFactory }[] = [
  { role: 'publisher', factory: publisherWorker },
  { role: 'projector', factory: viewsWorker },
  { role: 'scheduler', factory: bulkSchedulerWorker },
  { role: 'ingest', factory: liveSourcesWorker },
];

/** The worker factories of `roles`, in start order. */
export function workerFactories(roles: readonly RoleName[]): WorkerFactory[] {
  return WORKERS.filter((w) => roles.includes(w.role)).map((w) => w.factory);
}

export interface ProcessOptions {
  /** The roles whose workers this process runs: all of them for `okapi start`, one for a role, none for `okapi api`. */
  readonly roles: readonly RoleName[];
  /** Open the event store read-only (SQLite has one writer: only processes that append open it writable). */
  readonly readOnly: boolean;
  /** Where the supervisor reports a worker's crash and restart. */
  readonly log: (line: string) => void;
}

/** A long-running process's object graph: its opened ports and its workers under one supervisor. */
export interface ProcessGraph {
  readonly runtime: Runtime;
  readonly workers: readonly Worker[];
  readonly supervisor: WorkerSupervisor;
  /** Stops the workers (reverse order), then closes the stores; safe to call again. */
  close(): Promise<void>;
}

export async function openProcess(config: OkapiConfig, options: ProcessOptions): Promise<ProcessGraph> {
  const runtime = await openRuntime(config, { readOnly: options.readOnly });
  const workers = workerFactories(options.roles)
    .map((f) => f(runtime))
    .filter((w): w is Worker => w !== undefined);
  const supervisor = new WorkerSupervisor(workers, { log: options.log });
  return {
    runtime,
    workers,
    supervisor,
    close: async () => {
      await supervisor.stop().catch(() => undefined);
      await runtime.close();
    },
  };
}

/** The HTTP API over a process graph; when the process runs workers, /readyz reports them too. */
export function openApiApp(graph: ProcessGraph, options: { workers: boolean }): Promise<INestApplication> {
  return createApiApp(graph.runtime, { readiness: options.workers ? [workersCheck(graph.supervisor)] : [] });
}

/** /readyz of a role without the HTTP API: each store the role uses, its dead letters, its workers. */
export function roleReadiness(role: RoleDefinition, graph: ProcessGraph): ReadinessCheck[] {
  const { runtime } = graph;
  const checks: ReadinessCheck[] = [{ name: 'event_store', probe: () => runtime.eventStore.head() }];
  if (role.uses.includes('analytics'))
    checks.push({ name: 'analytics', probe: () => runtime.analytics.query('SELECT 1 AS ok') });
  if (role.uses.includes('bus')) checks.push({ name: 'bus', probe: () => runtime.bus.bounds() });
  // The roles whose workers set events aside (views, publisher, bulk): not ingest.
  if (role.uses.includes('analytics') || role.uses.includes('bus')) checks.push(deadLetterCheck(runtime.deadLetters));
  checks.push(workersCheck(graph.supervisor));
  return checks;
}

/** A one-shot command's runtime: opened, handed to `use`, closed whatever `use` does. */
export async function withRuntime<T>(
  config: OkapiConfig,
  options: { readonly readOnly?: boolean },
  use: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = await openRuntime(config, options);
  try {
    return await use(runtime);
  } finally {
    await runtime.close();
  }
}

/** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
