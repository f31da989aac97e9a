/** Test helpers for the page domain. Import from tests only: not part of the `@okapi/domain` front door. */
export * from './page.builders';
export * from './given-when-then';
export * from './wme-record.builders';
