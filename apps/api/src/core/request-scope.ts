import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stackText } from '@okapi/adapters/logging';

/** The request a piece of running code works for (carried across timers, streams and promises). */
export interface RequestScope {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it schedules) on behalf of this request. */
export function runInRequestScope(req: IncomingMessage, res: ServerResponse, fn: () => void): void {
  if (scope.getStore()?.req === req) return fn();
  scope.run({ req, res }, fn);
}

/**
 * Runs `fn` outside any request: for shared, long-lived work a request happens to start (the
 * realtime hub's bus feed), whose later callbacks belong to no single request.
 */
export function outsideRequestScope<T>(fn: () => T): T {
  return scope.exit(fn);
}

type FaultHandler = (error: unknown, request: RequestScope) => void;
let handler: FaultHandler | undefined;

/**
 * The last line of defence: an exception no code caught (a throw in a stream callback, a timer,
 * an event listener, a promise nobody awaits) that happened while working for a request ends
 * THAT request (`onFault`: 500 or a cut stream, logged with the stack) and the process carries
 * on. A fault outside any request keeps Node's behaviour: stack on stderr, exit code 1. One
 * handler per process; a later call replaces `onFault`.
 */
export function containRequestFaults(onFault: FaultHandler): void {
  if (handler === undefined) {
    process.on('uncaughtException', (e) => onUncaught('uncaughtException', e));
    process.on('unhandledRejection', (reason) => onUncaught('unhandledRejection', reason));
  }
  handler = onFault;
}

function onUncaught(event: 'uncaughtException' | 'unhandledRejection', error: unknown): void {
  const request = scope.getStore();
  if (request && handler) {
    try {
      handler(error, request);
      return;
    } catch {
      request.res.destroy();
      return;
    }
  }
  // Not a request's fault. Other listeners (a test runner) decide; alone, do what Node would.
  if (process.listenerCount(event) > 1) return;
  process.stderr.write(`${stackText(error)}\n`);
  process.exit(1);
}
