import { CliCommand } from '../command';
import { serve } from '../start/serve';

/** All-in-one: API + projector + publisher + live sources + bulk scheduler in one process. */
export const command: CliCommand = {
  name: 'start',
  summary:
    'all-in-one server on the configured stores (what `npm start` runs); without OKAPI_SOURCES it follows live EventStreams when reachable, else the synthetic generator',
  usage: 'start',
  flags: [],
  run: (_args, ctx) => serve(ctx, { workers: true }),
};
