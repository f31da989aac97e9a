/**
 * `items` as an AsyncIterable, then `failure` thrown if given: an in-memory stand-in for a paged or streamed
 * source. An async generator with nothing to await (the consumer under test does the awaiting).
 */
// eslint-disable-next-line @typescript-eslint/require-await
export async function* asyncSource<T>(items: Iterable<T>, failure?: Error): AsyncIterable<T> {
  yield* items;
  if (failure) throw failure;
}
