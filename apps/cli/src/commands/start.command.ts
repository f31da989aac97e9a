import { CliCommand } from '../command';
import { serve } from '../start/serve';

/** All-in-one: API + projector + publisher + live sources + bulk scheduler in one process. */
export const command: CliCommand = {
  name: 'start',
  summary: 'all-in-one server on the configured stores (what `npm start` runs); seeds samples on first run',
  usage: 'start [--no-seed]',
  flags: ['no-seed'],
  run: (args, ctx) => serve(ctx, { workers: true, seed: args.flags['no-seed'] === undefined }),
};
