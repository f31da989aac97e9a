export * from './temp-dir';
export * from './wait-for';
export * from './page-event.builders';
export * from './real-data';
export * from './project-store.generator';
export * from './raw-http';
export * from './okapi-process';
export * from './anarchism-history';
