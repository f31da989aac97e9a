/** What other apps (the CLI's composition) use of apps/projector: import it as `@okapi/projector`. */
export * from './publisher/publisher.worker';
export * from './views/views.worker';
