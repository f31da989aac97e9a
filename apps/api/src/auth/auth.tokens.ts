/** DI token of the process's Authenticator (libs/adapters/src/auth). */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/** Route metadata key: endpoints marked @Public() need no bearer token. */
export const IS_PUBLIC = 'okapi:public';
