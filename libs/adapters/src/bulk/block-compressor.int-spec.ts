import { gunzipSync } from 'node:zlib';
import { BlockCompressor } from './block-compressor';
import { GzipPool } from './gzip-pool';

describe('BlockCompressor (real gzip workers)', () => {
  let pool: GzipPool;
  beforeAll(() => (pool = new GzipPool(2)));
  afterAll(() => pool.close());

  it('splits strings (multi-byte text too) across small blocks and reassembles them byte-exact, in order', async () => {
    const members: Buffer[] = [];
    const c = new BlockCompressor(pool, (m) => Promise.resolve(void members.push(m)), 64);
    const texts = ['Белка — род грызунов', '松鼠', 'Squirrel 🐿️ '.repeat(20), '', 'x'.repeat(200)];
    for (const t of texts) {
      await c.writeString(t);
      await c.write(Buffer.from('\n'));
    }
    const expected = Buffer.from(texts.map((t) => `${t}\n`).join(''));
    expect(c.bytesIn).toBe(expected.length);
    await c.flush();
    expect(members.length).toBeGreaterThan(5);
    expect(gunzipSync(Buffer.concat(members)).equals(expected)).toBe(true);
  });
});
