// The CLI's front door for code that plugs commands in (the benchmarks in apps/bench): the
// argument helpers and the command contract. `main` stays in main.ts, loaded by bin/okapi.js.
export { flagInt, flagString, UsageError } from './cli-args';
export type { CliArgs } from './cli-args';
export type { CliCommand, CliContext, CliIo } from './command';
