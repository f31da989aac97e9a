import { asyncSource } from '@okapi/testing';
import { orderedLookahead } from './ordered-lookahead';

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const items = (n: number): AsyncIterable<number> => asyncSource(Array.from({ length: n }, (_, i) => i));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('orderedLookahead', () => {
  it('yields in source order although later items finish first, with at most `width` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const map = async (i: number): Promise<number> => {
      most = Math.max(most, ++inFlight);
      await delay(i % 2 === 0 ? 8 : 1);
      inFlight--;
      return i * 10;
    };
    expect(await collect(orderedLookahead(items(20), map, 4))).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
    expect(most).toBe(4);
  });

  it('yields a ready result without waiting for the source to produce its next item', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* tail(): AsyncIterable<number> {
      yield 1;
      await gate; // a live tail with nothing new for now
      yield 2;
    }
    const it = orderedLookahead(tail(), (i) => Promise.resolve(i), 8)[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 1, done: false });
    release();
    expect(await it.next()).toEqual({ value: 2, done: false });
    expect((await it.next()).done).toBe(true);
  });

  it('fails with the first failing item, after yielding the ones before it', async () => {
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const x of orderedLookahead(
        items(5),
        (i) => (i === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(i)),
        3,
      ))
        seen.push(x);
    };
    await expect(run()).rejects.toThrow('boom');
    expect(seen).toEqual([0, 1]);
  });
});
