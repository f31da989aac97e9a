export * from './dump.errors';
export * from './dump-schema';
export * from './dump-input';
export * from './mediawiki-dump.parser';
export * from './dump-site-info';
export * from './import-dump';
export * from './synthetic-dump-generator';
