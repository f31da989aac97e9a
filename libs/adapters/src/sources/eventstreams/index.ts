/** Front door of adapters/sources/eventstreams: import it as `@okapi/adapters/sources/eventstreams`. */
export * from './eventstreams.client';
export * from './eventstreams.source';
export * from '../plumbing/ingest.metrics';
export * from './sse.parser';
