export * from './shared/brand';
export * from './shared/offset';
export * from './shared/stream-name';
export * from './events/event';
export * from './events/page.events';
export * from './events/recorded-event';
export * from './commands/page.commands';
export * from './ports/event-store.port';
