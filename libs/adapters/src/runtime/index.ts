/** Front door of adapters/runtime: import it as `@okapi/adapters/runtime`. */
export * from './runtime';
export * from './worker-supervisor';
export * from './readiness';
export * from './tokens';
export * from './local-secret';
export * from './open-runtime';
export * from './server-address';
export * from './proc-stat';
