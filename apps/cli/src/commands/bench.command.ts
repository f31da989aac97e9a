import { CliCommand } from '../command';

export const command: CliCommand = {
  name: 'bench',
  summary: 'run a benchmark; prints figures, then one JSON line with every figure and its same-run baseline',
  usage: 'bench <name|all> [--quick] [--deadline SECONDS]',
  flags: [
    'quick',
    'pages',
    'revisions',
    'clients',
    'seconds',
    'workers',
    'mb',
    'engine',
    'rate',
    'events',
    'requests',
    'rounds',
    'only',
    'deadline',
    'subscribers',
    'full',
    'realistic-pages',
  ],
  async run(args, ctx) {
    // Loaded on use: the benchmarks are their own app (apps/bench), not part of every command's start-up.
    const { runBenches } = await import('@okapi/bench');
    return runBenches(args, ctx);
  },
};
