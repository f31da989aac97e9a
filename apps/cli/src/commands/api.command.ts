import { CliCommand } from '../command';
import { serve } from '../start/serve';

/** The `api` role on Kubernetes: HTTP only; projector, publisher and ingest run elsewhere. */
export const command: CliCommand = {
  name: 'api',
  summary: 'serve the HTTP API only (no background workers; distributed deployments)',
  usage: 'api',
  flags: [],
  run: (_args, ctx) => serve(ctx, { workers: false }),
};
