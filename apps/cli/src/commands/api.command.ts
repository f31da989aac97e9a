import { CliCommand } from '../command';
import { serve } from '../start/serve';

/** The `api` role (roles/role-definitions.ts): HTTP only; the other roles run in their own processes. */
export const command: CliCommand = {
  name: 'api',
  summary: 'role: HTTP API replica only (no background workers; distributed deployments)',
  usage: 'api',
  flags: [],
  run: (_args, ctx) => serve(ctx, { workers: false, readOnly: true }),
};
