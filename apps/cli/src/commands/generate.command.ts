import { PageCommandHandler } from '@okapi/domain';
import { GeneratorSource } from '@okapi/adapters/sources/generator';
import { SyntheticWikiGenerator } from '@okapi/adapters/sources/generator';
import { stderrLog } from '@okapi/adapters/sources/plumbing';
import { CliArgs, flagInt, flagString, UsageError } from '../cli-args';
import { CliCommand, CliContext } from '../command';
import { withRuntime } from '../composition';

/**
 * Synthetic load: appends generated edits to the event store at `--rate` events/s, or with
 * `--print` writes the page_change events as NDJSON to stdout (for SSE replay / other tools).
 */
export const command: CliCommand = {
  name: 'generate',
  summary: 'synthetic edits for load tests: Wikipedia-like sizes, namespaces, vandalism and reverts',
  usage: 'generate [--events N] [--rate R] [--wikis a,b] [--namespaces 0,1] [--vandal-share 0.05] [--seed S] [--print]',
  flags: ['events', 'rate', 'wikis', 'namespaces', 'vandal-share', 'seed', 'pages', 'print'],
  async run(args, ctx) {
    if (args.positionals.length) throw new UsageError('takes no positional arguments');
    const opts = options(args, ctx);
    if (args.flags.print === true) return print(opts, ctx);
    return withRuntime(ctx.config, {}, async (runtime) => {
      const started = performance.now();
      const source = new GeneratorSource({
        ...opts,
        sink: new PageCommandHandler(runtime.eventStore, { suspectThreshold: ctx.config.suspectThreshold }),
        log: stderrLog(ctx.config.logLevel, ctx.io.stderr),
      });
      await source.run(ctx.stopSignal);
      const seconds = (performance.now() - started) / 1000;
      const { received, appended, duplicates } = source.stats;
      ctx.io.stdout.write(
        `${JSON.stringify({ events: received, appended, duplicates, seconds: Math.round(seconds * 1000) / 1000, events_per_s: Math.round(received / seconds) })}\n`,
      );
      return 0;
    });
  },
};

interface GenerateOptions {
  readonly wikis: string[];
  readonly namespaces?: number[];
  readonly vandalShare?: number;
  readonly seed?: number;
  readonly pagesPerWiki?: number;
  readonly rate: number;
  readonly limit?: number;
}

function options(args: CliArgs, ctx: CliContext): GenerateOptions {
  const wikis = (flagString(args, 'wikis') ?? 'testwiki')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  for (const w of wikis) if (!/^[a-z0-9_]+$/.test(w)) throw new UsageError(`--wikis: "${w}" is not a wiki id`);
  const ns = flagString(args, 'namespaces');
  const namespaces =
    ns === undefined
      ? undefined
      : ns.split(',').map((n) => {
          if (!/^-?\d+$/.test(n.trim())) throw new UsageError(`--namespaces: "${n}" is not a namespace number`);
          return Number(n);
        });
  const share = flagString(args, 'vandal-share');
  const vandalShare = share === undefined ? undefined : Number(share);
  if (vandalShare !== undefined && !(vandalShare >= 0 && vandalShare <= 1))
    throw new UsageError('--vandal-share must be between 0 and 1');
  return {
    wikis,
    namespaces,
    vandalShare,
    seed: flagInt(args, 'seed'),
    pagesPerWiki: flagInt(args, 'pages', 1),
    rate: flagInt(args, 'rate') ?? ctx.config.generatorRate,
    limit: flagInt(args, 'events', 1),
  };
}

function print(opts: GenerateOptions, ctx: CliContext): number {
  if (opts.limit === undefined) throw new UsageError('--print needs --events N');
  const gen = new SyntheticWikiGenerator({ ...opts, startTimeMs: Date.now() });
  for (let i = 0; i < opts.limit && !ctx.stopSignal.aborted; i++)
    ctx.io.stdout.write(`${JSON.stringify(gen.next().event)}\n`);
  return 0;
}
