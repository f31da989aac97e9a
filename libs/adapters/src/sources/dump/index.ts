export * from './dump.errors';
export * from './dump-schema';
export * from './dump-input';
export * from './mediawiki-dump.parser';
export * from './import-dump';
export * from './bundled-samples';
