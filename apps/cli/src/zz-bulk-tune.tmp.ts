import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { BulkExporter } from '@okapi/adapters/bulk/bulk-exporter';
import { GzipPool } from '@okapi/adapters/bulk/gzip-pool';
import { BulkFileStore } from '@okapi/adapters/storage/bulk-file-store';
(async () => {
  const real = readFileSync('test/fixtures/enterprise-bulk/articles.ndjson', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const lines: string[] = [];
  for (let i = 0; i < 500; i++) { const a = real[i % 3]; lines.push(JSON.stringify({ ...a, identifier: i, name: a.name + i })); }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  for (let r = 0; r < 3; r++) for (const bb of [1 << 19, 1 << 20, 1 << 21, 1 << 22]) {
    let t = Date.now(); await promisify(gzip)(bytes, { level: 6 }); const base = bytes.length / 1e6 / ((Date.now() - t) / 1000);
    const dir = mkdtempSync('/tmp/bulkprof/t'); const store = new BulkFileStore(dir); await store.init();
    const pool = new GzipPool(2); await Promise.all([pool.gzip(Buffer.alloc(1)), pool.gzip(Buffer.alloc(1))]);
    const ex = new BulkExporter({ store, pool, entryBytes: 1e8, chunkBytes: 1e9, chunks: true, blockBytes: bb });
    t = Date.now(); await ex.snapshot('enwiki', 0, lines); const mb = bytes.length / 1e6 / ((Date.now() - t) / 1000);
    await pool.close(); rmSync(dir, { recursive: true });
    console.log(`block ${bb >> 10}K: ${mb.toFixed(0)} MB/s vs base ${base.toFixed(0)} = ${(mb / base).toFixed(2)}x`);
  }
})();
