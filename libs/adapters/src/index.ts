export * from './config/env-config';
export * from './eventstore/sqlite/sqlite-event-store';
export * from './eventstore/open-event-store';
export * from './runtime/open-runtime';
