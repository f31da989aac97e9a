/** Front door of adapters/eventstore: import it as `@okapi/adapters/eventstore`. */
export * from './sqlite/sqlite-event-store';
