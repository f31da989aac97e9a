/** What every source shares: where progress lines go, where a live source resumes. (Commands go to the domain's CommandSink; retries through resilience/.) */
export * from './source-log';
export * from './source-checkpoint.port';
