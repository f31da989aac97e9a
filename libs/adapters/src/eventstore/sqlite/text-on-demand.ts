import { rememberTextCodePoints } from '@okapi/domain';

/**
 * Replaces a RevisionCreated `data`'s text, in its place, by one that `load` reads from the store
 * the first time it is accessed, then keeps; `codePoints` (counted before dropping it) answer
 * `textCodePoints` without it. The object reads as before: same keys in the same order, same text.
 * Texts a reader never touches die young instead of riding through the pipeline's batches.
 */
export function withTextOnDemand(data: Record<string, unknown>, codePoints: number, load: () => string): void {
  Object.defineProperty(data, 'text', {
    enumerable: true,
    configurable: true,
    get(): string {
      const text = load();
      Object.defineProperty(data, 'text', { value: text, enumerable: true, configurable: true, writable: false });
      return text;
    },
  });
  rememberTextCodePoints(data, codePoints);
}

/** The text in a stored event's JSON, which the store found to be a string. */
export function storedText(json: string | undefined, offset: number): string {
  const text = json === undefined ? undefined : (JSON.parse(json) as { text?: unknown }).text;
  if (typeof text !== 'string') throw new Error(`event ${offset}: its text is no longer in the store`);
  return text;
}
