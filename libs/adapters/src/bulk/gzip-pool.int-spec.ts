import { gunzipSync } from 'node:zlib';
import { GzipPool } from './gzip-pool';

describe('GzipPool (real worker threads)', () => {
  it('compresses blocks in parallel into members whose concatenation gunzips to the input', async () => {
    const pool = new GzipPool(2);
    try {
      const blocks = Array.from({ length: 8 }, (_, i) =>
        Buffer.from(`{"block":${i},"text":"${'wiki '.repeat(5000 + i)}"}\n`),
      );
      const expected = Buffer.concat(blocks);
      const members = await Promise.all(blocks.map((b) => pool.gzip(Buffer.from(b))));
      expect(gunzipSync(Buffer.concat(members)).equals(expected)).toBe(true);
      expect(members.every((m) => m[0] === 0x1f && m[1] === 0x8b)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('compresses only the first `length` bytes of a block it takes over', async () => {
    const pool = new GzipPool(1);
    try {
      const block = Buffer.alloc(1024, 'a');
      block.write('hello', 0);
      const member = await pool.gzip(block, 5);
      expect(gunzipSync(member).toString()).toBe('hello');
      expect(block.byteLength).toBe(0); // its memory moved to the worker
    } finally {
      await pool.close();
    }
  });

  it('copies (does not steal) a view into a larger buffer', async () => {
    const pool = new GzipPool(1);
    try {
      const big = Buffer.from('0123456789');
      expect(gunzipSync(await pool.gzip(big.subarray(2, 6))).toString()).toBe('2345');
      expect(big.toString()).toBe('0123456789');
    } finally {
      await pool.close();
    }
  });

  it('lends a block it took over again once compressed, and output from reused blocks stays exact', async () => {
    const pool = new GzipPool(1);
    try {
      const bytes = 256 * 1024;
      const first = pool.block(bytes);
      first.fill('x');
      expect(gunzipSync(await pool.gzip(first)).equals(Buffer.alloc(bytes, 'x'))).toBe(true);
      const again = pool.block(bytes);
      expect(again.byteLength).toBe(bytes);
      expect(again[bytes - 1]).toBe(0x78); // the same memory, back from the worker (not zeroed, not fresh)
      again.write('second', 0);
      expect(gunzipSync(await pool.gzip(again, 6)).toString()).toBe('second');
      expect(pool.block(1024).byteLength).toBe(1024); // other sizes are plain allocations
    } finally {
      await pool.close();
    }
  });

  it('rejects work after close', async () => {
    const pool = new GzipPool(1);
    await pool.close();
    await expect(pool.gzip(Buffer.from('x'))).rejects.toThrow('closed');
  });
});
