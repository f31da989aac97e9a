/**
 * The query and run side's use cases (serve an article, run a projection, build a snapshot) as
 * plain classes over ports; the command side is in libs/domain/src/application.
 */
export * from './article-history.port';
export * from './article-lookup';
export * from './failures';
export * from './article-rows-builder';
export * from './view-store.port';
export * from './view-projector';
export * from './bulk-files.port';
export * from './snapshot-builder';
