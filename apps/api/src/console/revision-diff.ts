import { structuredPatch } from 'diff';
import type { LineDiff } from '@okapi/console-contract';

const CONTEXT_LINES = 3;
/**
 * Bounds on one diff (a fully rewritten 2 MiB page), so it cannot hold the event loop: jsdiff gives
 * up past this many edits or this long and the answer says `too_large`. Synchronous on purpose:
 * jsdiff's async mode yields to a timer after every step, which on a busy server turns a
 * millisecond diff into seconds.
 */
const MAX_EDIT_LENGTH = 5000;
const DIFF_TIMEOUT_MS = 1000;

/** Line diff of two wikitexts: unified hunks with three lines of context. */
export function lineDiff(before: string, after: string): LineDiff {
  const patch = structuredPatch('before', 'after', withNewline(before), withNewline(after), undefined, undefined, {
    context: CONTEXT_LINES,
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: DIFF_TIMEOUT_MS,
  });
  if (!patch) return { too_large: true };
  return {
    hunks: patch.hunks.map((h) => ({
      old_start: h.oldStart,
      old_lines: h.oldLines,
      new_start: h.newStart,
      new_lines: h.newLines,
      lines: h.lines,
    })),
  };
}

/** Without it, a change on the last line reads as "\ No newline at end of file" noise. */
function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
