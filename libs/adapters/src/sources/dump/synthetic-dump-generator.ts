import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { articleText, editArticle, paragraph, sentence } from './synthetic-article-text';

/**
 * Writes a MediaWiki 0.10 dump of Wikipedia-like pages for benchmarks: articles shaped like real
 * ones (synthetic-article-text.ts: infobox, lead, sections, links, citations, lists, categories),
 * sizes log-normal around a few KB with a long tail to 200 KB, several revisions per page (small
 * edits, a few identity reverts), IP and registered editors, 10 % talk pages. Deterministic for a
 * given seed.
 */
export interface SyntheticDumpOptions {
  readonly pages: number;
  /** Default 1. */
  readonly seed?: number;
  /** Mean revisions per page (geometric-ish); default 4. */
  readonly meanRevisions?: number;
  /** Median page size in bytes; default 3000. */
  readonly medianBytes?: number;
  /** Epoch ms of the first revision; default 2020-01-01T00:00:00Z. */
  readonly startMs?: number;
}

export interface SyntheticDumpStats {
  readonly pages: number;
  readonly revisions: number;
  readonly bytes: number;
}

const MAX_PAGE_BYTES = 200_000;
export function writeSyntheticDump(file: string, options: SyntheticDumpOptions): SyntheticDumpStats {
  const rand = mulberry32(options.seed ?? 1);
  const out = new ChunkedWriter(file);
  out.write(HEADER);
  let revisions = 0;
  let ts = options.startMs ?? Date.UTC(2020, 0, 1);
  let revId = 1_000_000;
  const meanRev = options.meanRevisions ?? 4;
  const median = (options.medianBytes ?? 3000) * 0.8; // the article frame adds ~20 %
  for (let p = 1; p <= options.pages; p++) {
    const talk = rand() < 0.1;
    out.write(
      `  <page>\n    <title>${talk ? 'Talk:' : ''}Synthetic page ${p}</title>\n    <ns>${talk ? 1 : 0}</ns>\n    <id>${p}</id>\n`,
    );
    const size = Math.min(MAX_PAGE_BYTES, Math.max(200, Math.round(median * Math.exp(1.1 * gaussian(rand)))));
    const count = Math.max(1, Math.min(60, Math.round(-Math.log(1 - rand()) * meanRev)));
    const history: string[] = [];
    const title = `${talk ? 'Talk:' : ''}Synthetic page ${p}`;
    let text = talk ? talkText(rand, size) : articleText(rand, title, size);
    for (let r = 0; r < count; r++) {
      if (r > 0) text = history.length >= 2 && rand() < 0.05 ? history[history.length - 2] : editArticle(rand, text);
      history.push(text);
      ts += 1000 * (1 + Math.floor(rand() * 60));
      out.write(revisionXml(++revId, r > 0 ? revId - 1 : undefined, ts, rand, text));
      revisions++;
    }
    out.write('  </page>\n');
  }
  out.write('</mediawiki>\n');
  return { pages: options.pages, revisions, bytes: out.close() };
}

function revisionXml(id: number, parentId: number | undefined, ts: number, rand: () => number, text: string): string {
  const anon = rand() < 0.2;
  const editor = anon
    ? `<ip>198.51.100.${Math.floor(rand() * 250)}</ip>`
    : `<username>Editor ${Math.floor(rand() * 5000)}</username>\n        <id>${Math.floor(rand() * 5_000_000)}</id>`;
  const bytes = Buffer.byteLength(text, 'utf8');
  const sha1 = BigInt(`0x${createHash('sha1').update(text, 'utf8').digest('hex')}`)
    .toString(36)
    .padStart(31, '0');
  return (
    `    <revision>\n      <id>${id}</id>\n${parentId ? `      <parentid>${parentId}</parentid>\n` : ''}` +
    `      <timestamp>${new Date(ts).toISOString().replace('.000', '')}</timestamp>\n` +
    `      <contributor>\n        ${editor}\n      </contributor>\n${rand() < 0.2 ? '      <minor />\n' : ''}` +
    `      <comment>copyedit &amp; sources, section ${Math.floor(rand() * 9)}</comment>\n` +
    `      <model>wikitext</model>\n      <format>text/x-wiki</format>\n` +
    `      <text bytes="${bytes}" xml:space="preserve">${escapeXml(text)}</text>\n      <sha1>${sha1}</sha1>\n    </revision>\n`
  );
}

/** A talk page: threads of short signed comments. */
function talkText(rand: () => number, size: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const user = `[[User:Editor ${Math.floor(rand() * 5000)}|Editor]] 12:00, 1 May 2024 (UTC)`;
    const thread = `== Discussion ${parts.length + 1} ==\n${paragraph(rand)} ${user}\n:${sentence(rand)} ${user}`;
    parts.push(thread);
    n += thread.length + 2;
  }
  return parts.join('\n\n');
}

function escapeXml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buffers writes into ~1 MB syscalls. */
class ChunkedWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  private total = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending > 1 << 20) this.flush();
  }
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.total;
  }
  private flush(): void {
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.total += buf.length;
    this.parts = [];
    this.pending = 0;
  }
}

const HEADER = `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Benchpedia</sitename>
    <dbname>benchwiki</dbname>
    <base>https://bench.example.org/wiki/Main_Page</base>
    <generator>okapi synthetic-dump</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
    </namespaces>
  </siteinfo>
`;
