import { roleCommand } from '../roles/run-role';

/** The `publisher` role on its own process (what its container runs); see roles/role-definitions.ts. */
export const command = roleCommand('publisher');
