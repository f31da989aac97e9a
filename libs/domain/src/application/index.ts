export * from './page-decider.port';
export * from './page-command-handler';
export * from './page-decisions-ahead';
export * from './page-state-tracker';
export * from './command-sink.port';
