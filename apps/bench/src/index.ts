// The benchmarks' front door: `okapi bench` (apps/cli/src/commands/bench.command.ts) loads it
// lazily, so the CLI runs without this app (the production image leaves it out).
export { benchNames, runBenches, runBenchList } from './run-benches';
export type { Bench, Figures } from './bench';
