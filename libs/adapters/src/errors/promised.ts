import { toError } from './to-error';

/**
 * `body()`'s value as a promise, and a throw as a rejection, the way an `async` function would: for a
 * Promise-returning port implemented synchronously (SQLite, in-memory), whose callers chain `.catch()` or
 * `Promise.all` and must never see a synchronous throw.
 */
export function promised<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (e) {
    return Promise.reject(toError(e));
  }
}
