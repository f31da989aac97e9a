/**
 * Front door of adapters/sources/page-change: the EventStreams `mediawiki.page_change.v1` format
 * (types, validation, mapping to commands), shared by the live source and the synthetic generator.
 */
export * from './page-change-types';
export * from './page-change.parser';
export * from './page-change.mapper';
