/** DI token of the process's Authenticator (libs/adapters/src/auth). */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/**
 * Route metadata key: how the matched route is authorised. Absent means `bearer` (protected by
 * default); `public` needs nothing (@Public()); `local-secret` needs the secret the server writes
 * into its data directory at start (@LocalSecret(), the CLI's internal endpoints).
 */
export const ROUTE_ACCESS = 'okapi:access';

export type RouteAccess = 'bearer' | 'public' | 'local-secret';
