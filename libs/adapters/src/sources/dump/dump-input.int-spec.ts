// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DumpError } from './dump.errors';
import { Bzip2Decoder, detectCompression, openDumpInput } from './dump-input';
import { FIXTURE_DIR } from './dump-variants.fixture';

const xml = readFileSync(join(FIXTURE_DIR, 'article-pear-0.10.xml'));
const hasBzip2 = spawnSync('bzip2', ['--help'], { stdio: 'ignore' }).error === undefined;

async function readAll(file: string, bzip2: Bzip2Decoder = 'auto'): Promise<Buffer> {
  const input = await openDumpInput(file, bzip2);
  const parts: Buffer[] = [];
  for await (const c of input.chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe('openDumpInput', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'okapi-dump-input-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, data: Buffer): string => {
    const file = join(dir, name);
    writeFileSync(file, data);
    return file;
  };

  it('detects compression by magic bytes, not by extension', () => {
    expect(detectCompression(gzipSync(xml).subarray(0, 4))).toBe('gzip');
    expect(detectCompression(Buffer.from('BZh9'))).toBe('bzip2');
    expect(detectCompression(xml.subarray(0, 4))).toBe('none');
  });

  it('reads plain XML unchanged', async () => {
    expect((await readAll(write('plain.xml', xml))).equals(xml)).toBe(true);
  });

  it('decompresses gzip, even when it is named .xml', async () => {
    const file = write('really-gzip.xml', gzipSync(xml));
    expect((await openDumpInput(file)).compression).toBe('gzip');
    expect((await readAll(file)).equals(xml)).toBe(true);
  });

  it('names the file when a gzip stream is cut short', async () => {
    const gz = gzipSync(xml);
    const file = write('cut.xml.gz', gz.subarray(0, gz.length >> 1));
    const err = await readAll(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DumpError);
    expect((err as DumpError).message).toContain(`${file}: corrupt gzip member 1 at byte offset 0`);
  });

  it('reports a missing file as dump.not_found', async () => {
    await expect(openDumpInput(join(dir, 'nope.xml'))).rejects.toMatchObject({ code: 'dump.not_found' });
  });

  (hasBzip2 ? describe : describe.skip)('bzip2 (needs the bzip2 tool to make the input)', () => {
    let bz: Buffer;
    beforeAll(() => (bz = spawnSync('bzip2', ['-c'], { input: xml }).stdout));

    it.each<Bzip2Decoder>(['auto', 'js'])('decompresses with the %s decoder', async (decoder) => {
      const file = write(`pear-${decoder}.bz2`, bz);
      const input = await openDumpInput(file, decoder);
      expect(input.compression).toBe('bzip2');
      expect(input.decoder).toMatch(decoder === 'js' ? /^js$/ : /bzip2$/);
      expect((await readAll(file, decoder)).equals(xml)).toBe(true);
    });

    it.each<Bzip2Decoder>(['auto', 'js'])('names the file when bzip2 data is cut short (%s)', async (decoder) => {
      const file = write(`cut-${decoder}.bz2`, bz.subarray(0, bz.length - 40));
      await expect(readAll(file, decoder)).rejects.toMatchObject({
        code: 'dump.decompression_failed',
        message: expect.stringMatching(
          new RegExp(`^${file.replace(/[.]/g, '\\.')}: corrupt bz2 block before byte offset \\d+`),
        ) as unknown,
      });
    });
  });
});
