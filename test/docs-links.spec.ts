/**
 * docs/ARCHITECTURE.md and docs/STYLE.md point at files: each link must name a file or folder
 * that exists, so the map stays true while the code moves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

describe.each(['docs/ARCHITECTURE.md', 'docs/STYLE.md'])('%s', (doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const links = [...text.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));

  it('links only to files that exist', () => {
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !existsSync(join(dirname(join(ROOT, doc)), l)))).toEqual([]);
  });
});
