/** Front door of adapters/auth: import it as `@okapi/adapters/auth`. */
export * from './auth-store';
export * from './authenticator';
export * from './auth-state';
export * from './open-auth-state';
export * from './client-address';
export * from './password-hash';
export * from './jwt';
