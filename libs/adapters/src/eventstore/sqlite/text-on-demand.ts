import { rememberTextCodePoints } from '@okapi/domain';

/** Where an event's text is read from, and the text once read. */
interface TextSource {
  readonly offset: number;
  readonly read: (offset: number) => string;
  text?: string;
}

const SOURCE = Symbol('okapi.textSource');

/** One getter for every event: no closure per event (its source is a hidden property). */
function textOnDemand(this: { [SOURCE]: TextSource }): string {
  const source = this[SOURCE];
  return (source.text ??= source.read(source.offset));
}

/**
 * A RevisionCreated `data` whose text `read` reads from the store the first time it is accessed,
 * then keeps; `codePoints` (counted before dropping it) answer `textCodePoints` without it. The
 * copy reads as `data` did: same keys in the same order, same text. (Like `data` with `text`
 * redefined, the copy is a dictionary-mode object for V8: ~24 keys added one by one.) Texts a
 * reader never touches die young instead of riding through the pipeline's batches.
 */
export function withTextOnDemand(
  data: Record<string, unknown>,
  codePoints: number,
  offset: number,
  read: (offset: number) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (key === 'text') Object.defineProperty(out, 'text', { get: textOnDemand, enumerable: true, configurable: true });
    else out[key] = data[key];
  }
  Object.defineProperty(out, SOURCE, { value: { offset, read } satisfies TextSource });
  rememberTextCodePoints(out, codePoints);
  return out;
}

/** The text in a stored event's JSON, which the store found to be a string. */
export function storedText(json: string | undefined, offset: number): string {
  const text = json === undefined ? undefined : (JSON.parse(json) as { text?: unknown }).text;
  if (typeof text !== 'string') throw new Error(`event ${offset}: its text is no longer in the store`);
  return text;
}
