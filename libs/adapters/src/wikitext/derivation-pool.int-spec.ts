// @real-data: reads OKAPI_REAL_DATA_DIR through @okapi/testing (skipped without it; required in CI)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { realDataPath } from '@okapi/testing';
import { must } from '@okapi/domain';
import { articleText } from '../sources/dump/synthetic-article-text';
import { DerivationPool, DerivationTimeout, ProcThreadCpuClock, ThreadCpuClock } from './derivation-pool';
import { UNCLOSED_TABLES } from './testing/pathological-wikitext';
import { deriveFromWikitext } from './wikitext-deriver';

const articles = readFileSync(realDataPath('enterprise', 'articles.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(
    (l) => JSON.parse(l) as { name: string; is_part_of: { identifier: string }; article_body: { wikitext: string } },
  );

const CTX = { wiki: 'enwiki', title: 'T', namespace: 0 };

describe('DerivationPool (worker threads)', () => {
  const pool = new DerivationPool(2);
  afterAll(() => pool.close());

  it('derives what the deriver derives in-thread, for many requests in flight at once', async () => {
    let seed = 3;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const inputs = [
      ...articles.map((a) => ({
        wikitext: a.article_body.wikitext,
        context: { wiki: a.is_part_of.identifier, title: a.name, namespace: 0 },
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        wikitext: articleText(rand, `P${i}`, 3000),
        context: { wiki: 'enwiki', title: `P${i}`, namespace: 0 },
      })),
    ];
    await Promise.all(['One.', 'Two.'].map((t) => pool.derive(t, CTX))); // both workers started
    const cpuBefore = pool.workerCpuMs();
    const pooled = await Promise.all(inputs.map((i) => pool.derive(i.wikitext, i.context)));
    expect(pool.workerCpuMs()).toBeGreaterThan(must(cpuBefore, 'worker CPU before')); // their CPU time, as the bench reports it
    expect(pooled).toEqual(inputs.map((i) => deriveFromWikitext(i.wikitext, i.context)));
    expect(pooled[1].html).toContain('<a class="link"');
    expect(pool.inFlight).toBe(0);
  });

  it('fails only the requests of a worker that dies, and goes on with a new one', async () => {
    const text = articles[1].article_body.wikitext;
    const doomed = Array.from({ length: 4 }, () => pool.derive(text, CTX));
    await pool.crashWorker(0);
    const settled = await Promise.allSettled(doomed);
    expect(settled.some((s) => s.status === 'rejected')).toBe(true);
    await expect(pool.derive('Plain [[link]] text.', CTX)).resolves.toMatchObject({
      html: expect.stringContaining('href="./link"'),
    });
  });

  it('rejects a derivation past its deadline, replaces the worker, and derives the requests queued behind it', async () => {
    const guarded = new DerivationPool({ size: 1, timeoutMs: 1000 });
    try {
      const slow = guarded.derive(UNCLOSED_TABLES, CTX);
      const queued = guarded.derive('Plain [[link]] text.', CTX);
      await expect(slow).rejects.toBeInstanceOf(DerivationTimeout);
      await expect(queued).resolves.toMatchObject({ html: expect.stringContaining('href="./link"') });
      expect(guarded.timedOut).toBe(1);
      await expect(guarded.derive('Another [[page]].', CTX)).resolves.toMatchObject({ abstract: 'Another page.' });
      expect(guarded.inFlight).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  it('counts the deadline in CPU time of the worker thread, where Linux tells it', async () => {
    // No wall-clock limit to speak of: on a loaded machine only the CPU deadline may cut it off.
    const guarded = new DerivationPool({ size: 1, timeoutMs: 1000, wallLimitMs: 600_000 });
    try {
      const slow = guarded.derive(UNCLOSED_TABLES, CTX);
      await expect(slow).rejects.toMatchObject({ name: 'DerivationTimeout', clock: 'cpu', timeoutMs: 1000 });
    } finally {
      await guarded.close();
    }
  });

  it('cuts off a derivation that gets no CPU at all once its wall-clock limit passes', async () => {
    const frozen: ThreadCpuClock = { read: () => 0, forget: () => undefined };
    const guarded = new DerivationPool({ size: 1, timeoutMs: 200, wallLimitMs: 1500, threadCpuClock: frozen });
    try {
      const started = performance.now();
      const slow = guarded.derive(UNCLOSED_TABLES, CTX);
      await expect(slow).rejects.toMatchObject({ name: 'DerivationTimeout', clock: 'wall', timeoutMs: 1500 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
      await expect(guarded.derive('Plain [[link]] text.', CTX)).resolves.toMatchObject({
        abstract: 'Plain link text.',
      });
    } finally {
      await guarded.close();
    }
  });

  it('lets a healthy derivation starved of CPU finish past the deadline in wall-clock time', async () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const healthy = articleText(rand, 'Long', 1_600_000); // ~0.4 s of CPU
    const expected = deriveFromWikitext(healthy, CTX);
    const timeoutMs = 1000;
    const clock = new ProcThreadCpuClock();
    let thread: number | undefined;
    const watching: ThreadCpuClock = { read: (t) => ((thread = t), clock.read(t)), forget: (t) => clock.forget(t) };
    const guarded = new DerivationPool({ size: 1, timeoutMs, wallLimitMs: 600_000, threadCpuClock: watching });
    const spinners: Worker[] = [];
    try {
      await guarded.derive('Warm [[up]].', CTX);
      expect(thread).toBeDefined();
      const tid0 = must(thread, 'the worker thread id');
      // The worker and five busy threads on one core: it gets at most a sixth of it.
      const cpu = must(/list:\s*(\d+)/.exec(run('taskset', ['-cp', String(process.pid)])), 'the cpu list')[1];
      for (let i = 0; i < 5; i++) spinners.push(await spinner());
      for (const tid of [tid0, ...spinners.map((w) => (w as Worker & { tid: number }).tid)])
        run('taskset', ['-cp', cpu, String(tid)]);
      const cpuBefore = must(clock.read(tid0), 'the worker CPU clock');
      const started = performance.now();
      const derived = await guarded.derive(healthy, CTX);
      const wall = performance.now() - started;
      const used = must(clock.read(tid0), 'the worker CPU clock') - cpuBefore;
      expect(derived).toEqual(expected);
      expect(used).toBeLessThan(timeoutMs); // healthy...
      expect(wall).toBeGreaterThan(timeoutMs); // ...and starved: a wall-clock deadline would have cut it off
      expect(guarded.timedOut).toBe(0);
    } finally {
      await Promise.all(spinners.map((w) => w.terminate()));
      await guarded.close();
    }
  });

  it('does not keep a process alive once idle (okapi project exits when it is done)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const script = [
      "require('@swc-node/register');",
      `const { DerivationPool } = require(${JSON.stringify(join(__dirname, 'derivation-pool.ts'))});`,
      'new DerivationPool(2).derive("Some [[link]].", { wiki: "enwiki", title: "T", namespace: 0 })',
      '  .then((d) => console.log(JSON.stringify(Object.keys(d))));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toEqual({
      status: 0,
      signal: null,
      stdout: '["html","abstract"]',
    });
  });
});

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** A thread that only burns CPU, with its kernel thread id. */
function spinner(): Promise<Worker & { tid: number }> {
  const w = new Worker(
    `require('node:worker_threads').parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self'));
     for (;;);`,
    { eval: true },
  ) as Worker & { tid: number };
  return new Promise((resolve, reject) => {
    w.once('message', (link: string) => {
      w.tid = Number(must(/task\/(\d+)$/.exec(link), link)[1]);
      resolve(w);
    });
    w.once('error', reject);
  });
}
