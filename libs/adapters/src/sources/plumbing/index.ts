/** What every source shares: where progress lines go. (Commands go to the domain's CommandSink; retries through resilience/.) */
export * from './source-log';
