import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliCommand } from '../command';

/** apps/bench: absent from the production image (.dockerignore), present in a source checkout. */
const BENCH_APP = join(__dirname, '..', '..', '..', 'bench', 'src', 'index.ts');

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
    'realistic-only',
    'max-connections',
    'client-processes',
  ],
  async run(args, ctx) {
    if (!existsSync(BENCH_APP)) {
      throw new Error(
        'the benchmarks are not part of this installation (the production image leaves apps/bench out); ' +
          'run them from a source checkout: npm ci && npm run bench',
      );
    }
    // Loaded on use: the benchmarks are their own app, not part of every command's start-up.
    const { runBenches } = await import('@okapi/bench');
    return runBenches(args, ctx);
  },
};
