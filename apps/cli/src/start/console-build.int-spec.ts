import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueName } from '@okapi/testing';
import { CONSOLE_SOURCE_DIR, consoleSourceHash, ensureConsoleBuilt } from './console-build';

jest.setTimeout(120_000);

// Inside the repository (dist/ is gitignored) so Vite resolves preact and uplot from node_modules.
const SCRATCH = join(__dirname, '..', '..', '..', '..', 'dist', uniqueName('console-build-test-'));

describe('ensureConsoleBuilt (real Vite)', () => {
  const source = join(SCRATCH, 'src-copy');
  const dist = join(SCRATCH, 'out');
  const log: string[] = [];
  const build = (force = false) => ensureConsoleBuilt({ source, dist, force, log: (l) => log.push(l) });

  beforeAll(() => cpSync(CONSOLE_SOURCE_DIR, source, { recursive: true }));
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('builds when the output is missing, then keeps a build made from the same sources', async () => {
    expect(await build()).toBe('built');
    const index = readFileSync(join(dist, 'index.html'), 'utf8');
    expect(index).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(index).not.toMatch(/<script>(?!<)/); // no inline script: the CSP allows none
    expect(readFileSync(join(dist, '.source-hash'), 'utf8')).toBe(consoleSourceHash(source));
    expect(await build()).toBe('fresh');
  });

  it('rebuilds after a source change, replacing the whole output', async () => {
    const before = readFileSync(join(dist, 'index.html'), 'utf8');
    writeFileSync(
      join(source, 'src', 'styles.css'),
      `${readFileSync(join(source, 'src', 'styles.css'), 'utf8')}\n.x{color:red}\n`,
    );
    expect(await build()).toBe('built');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).not.toBe(before);
    expect(existsSync(`${dist}.tmp`)).toBe(false);
  });

  it('reports a failed build and keeps serving the previous one', async () => {
    const good = readFileSync(join(dist, 'index.html'), 'utf8');
    writeFileSync(join(source, 'src', 'main.tsx'), 'import { nope } from "./does-not-exist";\nnope();\n');
    expect(await build()).toBe('failed');
    expect(log.at(-1)).toMatch(/console: build failed/);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(good);
  });
});
