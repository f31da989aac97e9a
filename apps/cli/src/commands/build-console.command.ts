import { CliCommand } from '../command';
import { ensureConsoleBuilt } from '../start/console-build';

/** Builds the web console now (`okapi start` also does when its build is missing or stale). */
export const command: CliCommand = {
  name: 'build-console',
  summary: 'build the web console into dist/console (start does it when stale; --force rebuilds)',
  usage: 'build-console [--force]',
  flags: ['force'],
  run: async (args, ctx) => {
    const result = await ensureConsoleBuilt({
      force: args.flags.force !== undefined,
      log: (line) => ctx.io.stderr.write(`okapi: ${line}\n`),
    });
    ctx.io.stdout.write(`${JSON.stringify({ console: result })}\n`);
    return result === 'fresh' || result === 'built' ? 0 : 1;
  },
};
