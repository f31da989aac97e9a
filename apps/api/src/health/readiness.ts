/** One dependency's readiness probe. */
export interface ReadinessCheck {
  readonly name: string;
  probe(): Promise<unknown>;
}

export interface CheckResult {
  readonly status: 'ok' | 'fail';
  readonly ms: number;
  readonly error?: string;
}

export interface Readiness {
  readonly status: 'ok' | 'fail';
  readonly checks: Record<string, CheckResult>;
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
        await withTimeout(
          Promise.resolve().then(() => c.probe()),
          timeoutMs,
        );
        return [c.name, { status: 'ok', ms: Math.round(performance.now() - start) }];
      } catch (e) {
        // The message only, never a stack: this body is public.
        return [
          c.name,
          {
            status: 'fail',
            ms: Math.round(performance.now() - start),
            error: String((e as Error)?.message ?? e).slice(0, 300),
          },
        ];
      }
    }),
  );
  const status = results.every(([, r]) => r.status === 'ok') ? 'ok' : 'fail';
  return { status, checks: Object.fromEntries(results) };
}
