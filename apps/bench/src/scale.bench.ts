import { must } from '@okapi/domain';
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticDump } from '@okapi/adapters/sources/dump';
import { Bench, Figures, inTempDir, killOnExit, round, sizeFlag } from './bench';
import { processCpuSeconds } from './firehose/bench-processes';

const ROOT = join(__dirname, '..', '..', '..');
const FULL_PAGES = 250_000;
/** The bar: a simplewiki-sized dump imported, projected and snapshotted within 10 minutes. */
const GOAL_FULL_SECONDS = 600;

interface Step {
  readonly name: 'import' | 'project' | 'snapshot';
  readonly args: string[];
}

interface StepResult {
  readonly seconds: number;
  /** CPU seconds of the step's process (all its threads; Linux). */
  readonly cpuSeconds: number;
  readonly stdout: string;
}

/**
 * `okapi bench scale [--pages N] [--full]`: the scale bar, end to end as a user runs it: a
 * pages-articles dump of Wikipedia-like articles (synthetic-article-text.ts: median ~3 KB, long
 * tail, infoboxes, links, citations), then `okapi import-dump`, `okapi project` (first-time, every
 * Article derived from its wikitext) and `okapi snapshot`, each its own process on one fresh data
 * directory (embedded stores: SQLite, chDB). Default 25,000 pages; `--full` is the bar itself,
 * 250,000 pages (~1.2 GB of XML). Goal: the three steps within 600 s at full size, i.e. at
 * least 417 pages/s end to end at any size. The machine is shared: each step's CPU seconds (all
 * threads of its process) are the stable figure, and their sum over the cores is what the steps
 * would take on a machine of their own with perfect overlap of threads.
 */
export const bench: Bench = {
  name: 'scale',
  summary: `scale bar: a simplewiki-sized dump imported, projected and snapshotted end to end (goal: ${FULL_PAGES} pages in <= ${GOAL_FULL_SECONDS} s)`,
  deadlineS: 60 * 60,
  fullDeadlineS: 60 * 60,
  async run(args, _ctx, log) {
    const pages = args.flags.full ? FULL_PAGES : sizeFlag(args, 'pages', 2_000, 25_000);
    return inTempDir('okapi-bench-scale-', async (dir) => {
      const dump = join(dir, 'benchwiki-pages-articles.xml');
      const genStarted = performance.now();
      const gen = writeSyntheticDump(dump, { pages, meanRevisions: 0, seed: 11 });
      log(
        `dump: ${gen.pages} pages, ${(gen.bytes / 1e6).toFixed(0)} MB of XML (generated in ${((performance.now() - genStarted) / 1000).toFixed(1)} s, not counted)`,
      );
      const env = { OKAPI_DATA_DIR: join(dir, 'data'), OKAPI_LOG_LEVEL: 'error', OKAPI_SOURCES: 'none' };
      const steps: Step[] = [
        { name: 'import', args: ['import-dump', dump] },
        { name: 'project', args: ['project'] },
        { name: 'snapshot', args: ['snapshot'] },
      ];
      const results = new Map<Step['name'], StepResult>();
      for (const step of steps) {
        const r = await runOkapi(step.args, env);
        results.set(step.name, r);
        log(
          `${step.name}: ${r.seconds.toFixed(1)} s, ${round(gen.pages / r.seconds)} pages/s, CPU ${r.cpuSeconds.toFixed(1)} s (${(r.cpuSeconds / r.seconds).toFixed(2)} cores)`,
        );
      }
      return figures(gen.pages, gen.bytes, results, log);
    });
  },
};

function figures(
  pages: number,
  bytes: number,
  results: Map<Step['name'], StepResult>,
  log: (l: string) => void,
): Figures {
  const step = (n: Step['name']): StepResult => must(results.get(n), 'results.get(n)');
  const s = (n: Step['name']): number => step(n).seconds;
  const cpu = (n: Step['name']): number => step(n).cpuSeconds;
  const total = s('import') + s('project') + s('snapshot');
  const totalCpu = cpu('import') + cpu('project') + cpu('snapshot');
  const perS = pages / total;
  const goalPerS = FULL_PAGES / GOAL_FULL_SECONDS;
  const fullEstimate = FULL_PAGES / perS;
  const fullCpuEstimate = (totalCpu * FULL_PAGES) / pages;
  const cores = availableParallelism();
  log(
    `end to end: ${total.toFixed(1)} s, ${round(perS)} pages/s; at ${FULL_PAGES} pages that is ~${fullEstimate.toFixed(0)} s (goal <= ${GOAL_FULL_SECONDS} s)`,
  );
  log(
    `CPU: ${totalCpu.toFixed(1)} s (${round((1000 * totalCpu) / pages)} ms per page); at ${FULL_PAGES} pages ~${fullCpuEstimate.toFixed(0)} CPU-s, ${(fullCpuEstimate / cores).toFixed(0)} s on ${cores} cores of its own; load average ${loadavg()[0].toFixed(1)}`,
  );
  return {
    pages,
    xml_mb: round(bytes / 1e6),
    import_s: round(s('import')),
    project_s: round(s('project')),
    snapshot_s: round(s('snapshot')),
    total_s: round(total),
    import_pages_per_s: round(pages / s('import')),
    project_pages_per_s: round(pages / s('project')),
    snapshot_pages_per_s: round(pages / s('snapshot')),
    import_cpu_s: round(cpu('import')),
    project_cpu_s: round(cpu('project')),
    snapshot_cpu_s: round(cpu('snapshot')),
    total_cpu_s: round(totalCpu),
    cpu_ms_per_page: round((1000 * totalCpu) / pages),
    full_size_cpu_estimate_s: round(fullCpuEstimate),
    cores,
    load_average_1m: round(loadavg()[0]),
    pages_per_s: round(perS),
    full_size_estimate_s: round(fullEstimate),
    measured_at_full_size: pages >= FULL_PAGES,
    goal_pages_per_s: round(goalPerS),
    goal_met: perS >= goalPerS,
  };
}

/** One `okapi` command in its own process, as a user runs it; fails the bench when it fails. */
function runOkapi(args: string[], env: Record<string, string>): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'okapi.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    killOnExit(child);
    let stdout = '';
    let stderr = '';
    let cpuSeconds = 0;
    // Sampled while it runs: once it has exited, /proc no longer has it.
    const sampler = setInterval(() => {
      const cpu = processCpuSeconds(must(child.pid, 'child.pid'));
      if (Number.isFinite(cpu)) cpuSeconds = cpu;
    }, 200);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, cpuSeconds, stdout });
      else reject(new Error(`okapi ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
    });
  });
}
