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
        (error: Error) => live && setState((s) => ({ data: s.data, error, loading: false })),
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
