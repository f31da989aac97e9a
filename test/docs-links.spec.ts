/**
 * The docs point at files: each link, each backticked repo path (`libs/...`, `apps/...`) and, in
 * docs/ARCHITECTURE.md, each file named in its pictures must name a file or folder that exists,
 * so the map stays true while the code moves.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const TOP_DIRS = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'node_modules')
  .map((d) => d.name);

/** Backticked paths under a top-level folder of the repo; patterns (`<area>`, `*`, `{id}`) are not paths. */
function repoPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1].replace(/[),.:;]+$/, '').replace(/:\d+(-\d+)?$/, ''))
    .filter((p) => p.includes('/') && TOP_DIRS.includes(p.split('/')[0]) && !/[<>*{}$]/.test(p));
}

describe.each(DOCS)('%s', (doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(https?|mailto):/.test(l));
    expect(links.filter((l) => !existsSync(join(dirname(join(ROOT, doc)), l)))).toEqual([]);
  });

  it('names only repo paths that exist', () => {
    expect(repoPaths(text).filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });
});

describe('docs/ARCHITECTURE.md', () => {
  const text = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

  it('links to many files and names repo paths (the checks above have something to check)', () => {
    expect([...text.matchAll(/\]\(\.\.\/(libs|apps)\//g)].length).toBeGreaterThan(10);
  });

  it('names in its pictures and tables only files that exist somewhere in the repo', () => {
    const tracked = new Set([
      ...readdirSync(ROOT),
      ...['libs', 'apps', 'test', 'scripts', 'docker', 'deploy'].flatMap((dir) =>
        readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
          .filter((p) => !p.includes('node_modules'))
          .map((p) => basename(p)),
      ),
    ]);
    const named = [...text.matchAll(/(?<![\w/.-])([\w-][\w.-]*\.(?:ts|tsx|mjs|json|sql))(?![\w/])/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((n) => !tracked.has(n))).toEqual([]);
  });

  it('names the file for each step of a revision: page_change -> event -> Article -> client', () => {
    const row = (step: string) => text.split('\n').find((l) => l.startsWith(`| **${step}**`)) ?? '';
    expect(row('turn a page_change into a command')).toContain('sources/page-change/page-change.mapper.ts');
    expect(row('turn an event into an Article')).toContain('libs/domain/src/wme/article-assembler.ts');
    expect(row('send an Article to a client')).toContain('apps/api/src/realtime/stream-session.ts');
  });
});
