/** What every source shares: where progress lines go, where a live source resumes, what it counts (okapi_ingest_*). (Commands go to the domain's CommandSink; retries through resilience/.) */
export * from './source-log';
export * from './source-checkpoint.port';
export * from './ingest.metrics';
