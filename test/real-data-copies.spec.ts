// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
/**
 * Real data from other repositories stays outside this one: no tracked file is a byte-for-byte copy
 * of a file in OKAPI_REAL_DATA_DIR (same git blob id), and no tracked JSON/NDJSON file holds the same
 * records with only the whitespace changed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { realDataPath } from '@okapi/testing';

const ROOT = resolve(__dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** `git hash-object` of a file's bytes. */
const blobId = (bytes: Buffer): string =>
  createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');

/** The records of a JSON or NDJSON text, re-serialised without whitespace (undefined if not JSON). */
function records(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    try {
      const lines = text.split('\n').filter((l) => l.trim());
      return lines.length > 1 ? JSON.stringify(lines.map((l) => JSON.parse(l))) : undefined;
    } catch {
      return undefined;
    }
  }
}

describe('no copy of the real data in the repository', () => {
  const realDir = realDataPath();
  // The data, not its licence texts (Okapi's own LICENSE is the same Apache-2.0 text) or notes.
  const real = filesUnder(realDir)
    .map((path) => ({ path: relative(realDir, path), bytes: readFileSync(path) }))
    .filter((f) => !f.path.startsWith('licenses') && f.path !== 'SOURCES.md');
  // `git ls-files -s`: mode, blob id, stage and path of every tracked file.
  const tracked = execFileSync('git', ['ls-files', '-s'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');
      return { blob: meta.split(' ')[1], path };
    });

  it('tracks no file byte-identical to one in OKAPI_REAL_DATA_DIR', () => {
    expect(real.length).toBeGreaterThan(20);
    const realBlobs = new Map(real.map((f) => [blobId(f.bytes), f.path]));
    const copies = tracked.filter((t) => realBlobs.has(t.blob)).map((t) => `${t.path} = ${realBlobs.get(t.blob)}`);
    expect(copies).toEqual([]);
  });

  it('tracks no JSON/NDJSON file holding the same records as one in OKAPI_REAL_DATA_DIR', () => {
    const realRecords = new Map(
      real
        .filter((f) => /\.(json|ndjson)$/.test(f.path))
        .map((f) => [records(f.bytes.toString('utf8')), f.path] as const)
        .filter(([r]) => r !== undefined),
    );
    expect(realRecords.size).toBeGreaterThan(20);
    const copies = tracked
      .filter((t) => /\.(json|ndjson)$/.test(t.path))
      .filter((t) => realRecords.has(records(readFileSync(join(ROOT, t.path), 'utf8'))))
      .map((t) => t.path);
    expect(copies).toEqual([]);
  });
});
