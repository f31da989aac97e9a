import { roleCommand } from '../roles/run-role';

/** The `scheduler` role on its own process (what its container runs); see roles/role-definitions.ts. */
export const command = roleCommand('scheduler');
