import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: Error;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Runs `load` now, again when `deps` change, and every `everyMs` if given (polling pauses while the
 * tab is hidden). Keeps the last good data while a reload runs or fails.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], everyMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    const run = () => {
      setState((s) => ({ ...s, loading: true }));
      loadRef.current().then(
        (data) => live && setState({ data, loading: false }),
        (error: unknown) =>
          live &&
          setState((s) => ({
            data: s.data,
            error: error instanceof Error ? error : new Error(String(error)),
            loading: false,
          })),
      );
    };
    run();
    const timer = everyMs
      ? setInterval(() => {
          if (document.visibilityState === 'visible') run();
        }, everyMs)
      : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [...deps, tick, everyMs]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export interface Action<K> {
  /** The key of the run in progress (e.g. the file being downloaded), if any. */
  readonly busy?: K;
  /** What the last run threw; cleared when a new run starts. */
  readonly error?: Error;
  readonly run: (key: K, work: () => Promise<void>) => Promise<void>;
}

/** One user-started async step at a time (a login, a query, a download): its busy key and its error. */
export function useAction<K = true>(): Action<K> {
  const [busy, setBusy] = useState<K>();
  const [error, setError] = useState<Error>();
  const run = useCallback(async (key: K, work: () => Promise<void>) => {
    setBusy(() => key);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }, []);
  return { busy, error, run };
}
