// @real-data
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { RecordRevision } from '@okapi/domain';
import { realDataPath } from '@okapi/testing';
import { DumpSiteInfo } from './dump-site-info';
import { Bzip2Decoder, detectCompression, openDumpInput } from './dump-input';
import { FIXTURE_DIR } from './dump-variants.fixture';
import { MediaWikiDumpParser } from './mediawiki-dump.parser';

// English Wikipedia "Anarchism", full history (export-0.4, LZMA alone): see the real-data folder's SOURCES.md.
const HISTORY = ['history', 'enwiki-Anarchism-history.xml.lzma'];

/** The first `limit` revisions, streamed; the decoder is stopped as soon as they are in. */
async function firstRevisions(file: string, limit: number, decoder: Bzip2Decoder) {
  const input = await openDumpInput(file, decoder);
  const revisions: RecordRevision[] = [];
  let site: DumpSiteInfo | undefined;
  const parser = new MediaWikiDumpParser({
    file,
    receivedAt: '2026-12-04T00:00:00.000Z',
    onRevisions: (revs) => revisions.push(...revs),
    onSiteInfo: (s) => (site = s),
    maxPendingTextBytes: 1 << 20, // hand revisions over in ~1 MB parts: one page holds 1 GB here
  });
  const text = new StringDecoder('utf8');
  for await (const chunk of input.chunks) {
    parser.write(text.write(chunk));
    if (revisions.length >= limit) break;
  }
  return { input, site, revisions: revisions.slice(0, limit) };
}

describe('export-0.4 history dump, LZMA-compressed (real data)', () => {
  const file = realDataPath(...HISTORY);

  it.each<Bzip2Decoder>(['auto', 'js'])('streams the first revisions with the %s decoder', async (decoder) => {
    const { input, site, revisions } = await firstRevisions(file, 200, decoder);
    expect(input.compression).toBe('lzma');
    expect(input.decoder).toBe(decoder === 'js' ? 'lzma-native' : 'xz');
    // No <dbname> in 0.4: the wiki comes from <base>http://en.wikipedia.org/wiki/Main_Page</base>.
    expect(site).toMatchObject({ wiki: 'enwiki', schemaVersion: '0.4' });
    expect(revisions).toHaveLength(200);
    const first = revisions[0];
    // No <ns> in 0.4 (namespace from the title), no <sha1> (computed: base-36 SHA-1 of the text,
    // checked against Python's hashlib on the same revision).
    expect(first).toMatchObject({
      wiki: 'enwiki',
      pageId: 12,
      namespace: 0,
      title: 'Anarchism',
      revisionId: 233194,
      timestamp: '2001-10-11T20:18:47Z',
      editor: { id: 31, name: 'The Cunctator', isAnonymous: false },
      sha1: 'dj26whmq8dyg634wyxyf8h53fys6sy0',
      size: 8810,
    });
    expect(revisions[199]).toMatchObject({ revisionId: 362658, sha1: '5oez88enwhnlwksxzw6z2klzm9dp6re', size: 12293 });
    expect(revisions.filter((r) => r.editor.isAnonymous)).toHaveLength(50);
  });
});

describe('xz input', () => {
  const hasXz = spawnSync('xz', ['--help'], { stdio: 'ignore' }).error === undefined;
  const xml = readFileSync(join(FIXTURE_DIR, 'article-pear-0.10.xml'));
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'okapi-xz-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the system xz is installed (.ci/run installs xz-utils)', () => expect(hasXz).toBe(true));

  it('tells xz and lzma headers from XML', () => {
    const xz = spawnSync('xz', ['-c'], { input: xml }).stdout;
    const lzma = spawnSync('xz', ['-c', '--format=lzma'], { input: xml }).stdout;
    expect(detectCompression(xz.subarray(0, 13))).toBe('xz');
    expect(detectCompression(lzma.subarray(0, 13))).toBe('lzma');
    expect(detectCompression(xml.subarray(0, 13))).toBe('none');
  });

  it.each<[Bzip2Decoder, string]>([
    ['auto', 'xz'],
    ['js', 'lzma-native'],
  ])('decompresses .xz with the %s decoder, and names the file when it is cut short', async (decoder, tool) => {
    const xz = spawnSync('xz', ['-c'], { input: xml }).stdout;
    const whole = join(dir, `pear-${decoder}.xml.xz`);
    writeFileSync(whole, xz);
    const input = await openDumpInput(whole, decoder);
    expect(input.decoder).toBe(tool);
    const parts: Buffer[] = [];
    for await (const c of input.chunks) parts.push(c);
    expect(Buffer.concat(parts).equals(xml)).toBe(true);

    const cut = join(dir, `cut-${decoder}.xml.xz`);
    writeFileSync(cut, xz.subarray(0, xz.length >> 1));
    const drain = async (): Promise<void> => {
      for await (const _ of (await openDumpInput(cut, decoder)).chunks);
    };
    await expect(drain()).rejects.toMatchObject({
      code: 'dump.decompression_failed',
      message: expect.stringContaining(`${cut}: xz data is corrupt or truncated`) as unknown,
    });
  });
});
