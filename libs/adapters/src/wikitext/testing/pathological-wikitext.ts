/**
 * Wikitext anyone can save that sends wtf_wikipedia into super-linear time: what the derivation
 * deadline (DerivationPool) exists for. Measured single-threaded, wtf_wikipedia 10.4.2.
 */

/** 1 MB: table starts, none closed; still > 20 s (the deadline specs use it; replace it if that changes). */
export const UNCLOSED_TABLES = '{|\n'.repeat(349_525);

/** 200 KB: templates nested 50 000 deep; > 20 s, ~16 ms since withCappedTemplateNesting. */
export const NESTED_TEMPLATES = `${'{{'.repeat(50_000)}x${'}}'.repeat(50_000)}`;

/** 1 MB: one word without a space; > 10 min with wtf's own sentence split, ~60 ms with ours. */
export const ONE_MEGABYTE_WORD = 'abcdefghij'.repeat(104_858);
