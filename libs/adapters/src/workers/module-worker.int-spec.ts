import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, TempDir, uniqueName } from '@okapi/testing';
import { startModuleWorker } from './module-worker';

const CACHE = join(__dirname, '..', '..', '..', '..', 'node_modules', '.cache', 'okapi-swc');

/** What a worker running `module` posts first. */
async function firstMessage(module: string): Promise<unknown> {
  const worker = startModuleWorker(module, {});
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

const cachedWith = (marker: string): string[] =>
  readdirSync(CACHE).filter((f) => f.endsWith('.js') && readFileSync(join(CACHE, f), 'utf8').includes(marker));

describe('startModuleWorker on a TypeScript module', () => {
  let tmp: TempDir;
  beforeAll(() => (tmp = makeTempDir('okapi-module-worker-')));
  afterAll(() => tmp.remove());

  it('keeps what it compiled, and compiles a changed module again rather than run the old one', async () => {
    const module = join(tmp.path, 'hello.worker.ts');
    const marker = uniqueName('marker');
    const write = (answer: number): void =>
      writeFileSync(
        module,
        `import { parentPort } from 'node:worker_threads';\nconst answer: number = ${answer};\nparentPort?.postMessage({ marker: '${marker}', answer });\n`,
      );
    write(1);
    expect(await firstMessage(module)).toEqual({ marker, answer: 1 });
    expect(cachedWith(marker)).toHaveLength(1);
    expect(await firstMessage(module)).toEqual({ marker, answer: 1 }); // from the cache
    write(2);
    expect(await firstMessage(module)).toEqual({ marker, answer: 2 });
    expect(cachedWith(marker)).toHaveLength(2);
  });
});
