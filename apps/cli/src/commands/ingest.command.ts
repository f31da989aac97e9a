import { roleCommand } from '../roles/run-role';

/**
 * The `ingest` role on its own process: follows the live sources in OKAPI_SOURCES into the event
 * store until SIGINT/SIGTERM. Safe to kill at any moment: each source resumes from its checkpoint.
 */
export const command = roleCommand('ingest');
