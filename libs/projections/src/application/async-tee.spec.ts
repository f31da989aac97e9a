import { tee } from './async-tee';

describe('tee', () => {
  /** 0..n-1, counting how many were read. */
  function counted(n: number): { source: AsyncIterable<number>; read: () => number; closed: () => boolean } {
    let read = 0;
    let closed = false;
    async function* source(): AsyncIterable<number> {
      try {
        for (let i = 0; i < n; i++) {
          read++;
          yield await Promise.resolve(i);
        }
      } finally {
        closed = true;
      }
    }
    return { source: source(), read: () => read, closed: () => closed };
  }
  const all = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const x of items) out.push(x);
    return out;
  };

  it('gives every consumer every item in order, reading the source once', async () => {
    const { source, read } = counted(50);
    const [a, b] = tee(source, 2, 4);
    expect(await Promise.all([all(a), all(b)])).toEqual([[...Array(50).keys()], [...Array(50).keys()]]);
    expect(read()).toBe(50);
  });

  it('keeps a fast consumer at most `max` items ahead of the slowest', async () => {
    const { source, read } = counted(100);
    const [fast, slow] = tee(source, 2, 8);
    const fastDone = all(fast);
    const s = slow[Symbol.asyncIterator]();
    await new Promise((r) => setTimeout(r, 20));
    expect(read()).toBeLessThanOrEqual(8);
    await s.next();
    await new Promise((r) => setTimeout(r, 20));
    expect(read()).toBeLessThanOrEqual(9);
    for (let r = await s.next(); !r.done; r = await s.next());
    expect(await fastDone).toHaveLength(100);
  });

  it('lets the others go on when one consumer stops early, and closes the source when all have', async () => {
    const { source, closed } = counted(100);
    const [quitter, stayer] = tee(source, 2, 4);
    for await (const n of quitter) if (n === 2) break;
    expect(await all(stayer)).toHaveLength(100);

    const second = counted(100);
    const [x, y] = tee(second.source, 2, 4);
    for await (const n of x) if (n === 1) break;
    for await (const n of y) if (n === 3) break;
    expect(second.closed()).toBe(true);
    expect(closed()).toBe(true);
  });

  it("fails every consumer still reading with the source's error", async () => {
    async function* failing(): AsyncIterable<number> {
      yield await Promise.resolve(1);
      throw new Error('views gone');
    }
    const [a, b] = tee(failing(), 2);
    await expect(all(a)).rejects.toThrow('views gone');
    await expect(all(b)).rejects.toThrow('views gone');
  });
});
