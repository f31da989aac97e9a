import { useEffect, useRef, useState } from 'preact/hooks';
import type { Overview } from '@okapi/console-contract';
import { useApi } from './api-context';
import { firehoseBody, FirehoseFilters, FirehoseItem, prepend, toItem } from './firehose';
import { reconnectDelayMs } from './backoff';
import { readEventStream } from './sse';
import type { Article } from './types';

const MAX_ROWS = 200;
/** A new connection starts this many events back, so the list fills at once. */
const BACKLOG_EVENTS = 200;
/** Rows are added in batches: one render per tick, whatever the event rate. */
const FLUSH_MS = 200;

export type FirehoseStatus = 'connecting' | 'live' | 'paused' | 'retrying' | 'stopped';

export interface Firehose {
  readonly status: FirehoseStatus;
  readonly error?: Error;
  /** Newest first, at most MAX_ROWS. */
  readonly items: readonly FirehoseItem[];
  readonly received: number;
  /** SSE id of the last Article received: the exact resume token. */
  readonly lastId?: string;
}

/**
 * Reads `POST /v2/articles` (SSE) with the user's token. A filter change starts a new stream a
 * little back in the log; pause keeps the last SSE id and resume sends it as Last-Event-ID, so
 * nothing is lost or repeated; a dropped connection (or a `stream.client_too_slow` end) resumes
 * the same way after a backoff. 401 signs out; 422 (a refused filter) stops.
 */
export function useFirehose(filters: FirehoseFilters, paused: boolean): Firehose {
  const { api, signOut } = useApi();
  const [status, setStatus] = useState<FirehoseStatus>('connecting');
  const [error, setError] = useState<Error>();
  const [items, setItems] = useState<FirehoseItem[]>([]);
  const [received, setReceived] = useState(0);
  const lastId = useRef<string | undefined>(undefined);
  const pending = useRef<FirehoseItem[]>([]);

  // A filter change starts a new stream a little back in the log; pause/resume keeps the position.
  useEffect(() => {
    lastId.current = undefined;
    pending.current = [];
    setItems([]);
    setReceived(0);
  }, [filters]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (pending.current.length === 0) return;
      const fresh = pending.current;
      pending.current = [];
      setItems((list) => prepend(list, fresh, MAX_ROWS));
      setReceived((n) => n + fresh.length);
    }, FLUSH_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (paused) {
      setStatus('paused');
      return;
    }
    const ctrl = new AbortController();
    void (async () => {
      let failures = 0;
      let retryAfter: number | undefined;
      while (!ctrl.signal.aborted) {
        retryAfter = undefined;
        setStatus(failures ? 'retrying' : 'connecting');
        try {
          const start =
            lastId.current === undefined
              ? Math.max(0, (await api.json<Overview>('/v2/console/overview')).head - BACKLOG_EVENTS)
              : undefined;
          await readEventStream(api, {
            url: '/v2/articles',
            body: firehoseBody(filters, start),
            ...(lastId.current !== undefined ? { lastEventId: lastId.current } : {}),
            signal: ctrl.signal,
            onMessage: (m) => {
              setStatus('live');
              failures = 0;
              setError(undefined);
              if (m.event === 'message' && m.id !== undefined) {
                lastId.current = m.id;
                pending.current.push(toItem(m.id, JSON.parse(m.data) as Article));
              } else if (m.event === 'error') {
                const body = JSON.parse(m.data) as { message?: string; last_id?: string };
                if (body.last_id) lastId.current = body.last_id;
                setError(new Error(body.message ?? 'stream ended'));
              }
            },
          });
        } catch (e) {
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborted on unmount while the stream was awaited (TypeScript#9998).
          if (ctrl.signal.aborted) return;
          const err = e as Error & { status?: number; retryAfterMs?: number };
          retryAfter = err.retryAfterMs;
          if (err.status === 401) {
            signOut();
            return;
          }
          setError(err);
          if (err.status === 422) {
            setStatus('stopped');
            return;
          }
        }
        failures++;
        await new Promise((r) => setTimeout(r, reconnectDelayMs(failures, retryAfter)));
      }
    })();
    return () => ctrl.abort();
  }, [filters, paused, api, signOut]);

  return { status, error, items, received, lastId: lastId.current };
}
