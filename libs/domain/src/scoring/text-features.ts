/**
 * Text features for the vandalism scorer: what an edit added (text-change.ts) and character
 * statistics of it (char-stats.ts). Everything is linear in the text and bounded.
 */
export { commonPrefix, commonSuffix, textChange } from './text-change';
export type { TextChange } from './text-change';
export { caseCounts, charStats, MAX_SAMPLE, sample } from './char-stats';
export type { CharStats } from './char-stats';
