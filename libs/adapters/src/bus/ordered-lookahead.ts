import { must } from '@okapi/domain';
/**
 * `map` over `source`, up to `width` items ahead, results in source order. A result is yielded as
 * soon as it and every earlier one are ready, without waiting for the source's next item (a live
 * tail may not have one for a while). Used by the publisher: Articles of the next events are
 * derived on worker threads while the current ones are published.
 */
export async function* orderedLookahead<T, U>(
  source: AsyncIterable<T>,
  map: (item: T) => Promise<U>,
  width: number,
): AsyncGenerator<U> {
  const it = source[Symbol.asyncIterator]();
  const ahead: Promise<U>[] = [];
  let pulling: Promise<IteratorResult<T>> | undefined;
  let ended = false;
  /** Queues the item's mapping; true when the source has ended instead. */
  const take = (r: IteratorResult<T>): boolean => {
    pulling = undefined;
    if (r.done) return true;
    ahead.push(quiet(map(r.value)));
    return false;
  };
  try {
    for (;;) {
      if (!ended && ahead.length < width) {
        pulling ??= it.next();
        if (ahead.length === 0) {
          ended = take(await pulling);
          continue;
        }
        const next = pulling;
        const first = await Promise.race([next.then((r) => ({ r })), settled(ahead[0])]);
        if (first !== HEAD) {
          ended = take(first.r);
          continue;
        }
      }
      if (ahead.length === 0) return;
      yield await must(ahead.shift(), 'the head item');
    }
  } finally {
    // Not awaited: with a pull pending, a generator's return waits for it (a quiet live tail).
    it.return?.().catch(() => undefined);
  }
}

const HEAD = Symbol('head');

function settled(p: Promise<unknown>): Promise<typeof HEAD> {
  return p.then(
    () => HEAD,
    () => HEAD,
  );
}

/** The promise itself (awaited later), marked handled so an early stop leaves no unhandled rejection. */
function quiet<U>(p: Promise<U>): Promise<U> {
  p.catch(() => undefined);
  return p;
}
