import { structuredPatch } from 'diff';

export interface DiffHunk {
  readonly old_start: number;
  readonly old_lines: number;
  readonly new_start: number;
  readonly new_lines: number;
  /** Unified-diff lines: ' ' context, '-' removed, '+' added, then the line's text. */
  readonly lines: readonly string[];
}

export type LineDiff = { readonly hunks: readonly DiffHunk[] } | { readonly too_large: true };

const CONTEXT_LINES = 3;
/** A diff that takes longer gives up (a fully rewritten 2 MiB page) instead of holding a core. */
const DIFF_TIMEOUT_MS = 2000;

/** Line diff of two wikitexts, computed in jsdiff's async mode so the event loop keeps serving. */
export function lineDiff(before: string, after: string): Promise<LineDiff> {
  return new Promise((resolve) => {
    structuredPatch('before', 'after', withNewline(before), withNewline(after), undefined, undefined, {
      context: CONTEXT_LINES,
      timeout: DIFF_TIMEOUT_MS,
      callback: (patch) =>
        resolve(
          patch
            ? {
                hunks: patch.hunks.map((h) => ({
                  old_start: h.oldStart,
                  old_lines: h.oldLines,
                  new_start: h.newStart,
                  new_lines: h.newLines,
                  lines: h.lines,
                })),
              }
            : { too_large: true },
        ),
    });
  });
}

/** Without it, a change on the last line reads as "\ No newline at end of file" noise. */
function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
