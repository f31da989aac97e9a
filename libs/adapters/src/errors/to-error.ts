/** A rejection reason as an Error: a promise may reject with anything, a handler that reads `.message` needs an Error. */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
