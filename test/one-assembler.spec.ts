/**
 * One Article assembler (DESIGN.md, issue #13): outside the domain's WME folder, products build
 * Articles only through `assembleArticles` (libs/domain/src/wme/article-assembler.ts), never the
 * mapper's `toArticles` with options of their own. Test files and test helpers are exempt.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const EXEMPT = /\.(spec|int-spec|e2e-spec)\.ts$|\/testing\/|^libs\/domain\/src\/wme\//;

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = `${dir}/${name}`;
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('one Article assembler', () => {
  it('no product calls the mapper directly', () => {
    const offenders = ['apps', 'libs']
      .flatMap(walk)
      .filter((f) => !EXEMPT.test(f))
      .filter((f) => /\btoArticles\s*\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
