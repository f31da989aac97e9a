/** What other apps (the CLI's composition) use of apps/api: import it as `@okapi/api`. */
export * from './console/console-assets';
export * from './create-api-app';
export { LoadShedder } from './core/load-shedder';
export { ConnectionShedder, shedConnections } from './core/connection-shedder';
