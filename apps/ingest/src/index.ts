/** What other apps (the CLI's composition) use of apps/ingest: import it as `@okapi/ingest`. */
export * from './live-sources.worker';
