import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDataPath } from './real-data';

/**
 * The first `count` revisions of the real Anarchism history (wikiwho's sample, export schema 0.4,
 * LZMA): decompressed with xz only as far as needed, closed after the last revision, labelled
 * 0.10 with the page's <ns> (what 0.4 lacks and the importer needs). Nothing is written to the repo.
 */
export function anarchismPrefix(dir: string, count: number): Promise<string> {
  const out = join(dir, 'anarchism-prefix.xml');
  return new Promise((resolve, reject) => {
    const xz = spawn('xz', ['--format=lzma', '-dc', realDataPath('history', 'enwiki-Anarchism-history.xml.lzma')]);
    let xml = '';
    let done = false;
    xz.on('error', reject);
    xz.stdout.on('data', (chunk: Buffer) => {
      if (done) return;
      xml += chunk.toString('utf8');
      let at = -1;
      for (let n = 0; n < count; n++) if ((at = xml.indexOf('</revision>', at + 1)) < 0) return;
      done = true;
      xz.kill();
      const prefix = `${xml.slice(0, at + '</revision>'.length)}\n  </page>\n</mediawiki>\n`
        .replace(/export-0\.4/g, 'export-0.10')
        .replace('version="0.4"', 'version="0.10"')
        .replace('<title>Anarchism</title>', '<title>Anarchism</title>\n    <ns>0</ns>');
      writeFileSync(out, prefix);
      resolve(out);
    });
    xz.on('close', () => (done ? undefined : reject(new Error('the Anarchism history ended early'))));
  });
}
