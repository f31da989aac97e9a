import { CliIo } from './command';

export interface ProgressUpdate {
  /** Work done and, when known, the total: draws a bar and a percentage. */
  readonly done: number;
  readonly total?: number;
  /** Free text after the bar, e.g. "1 204 pages  3 310 revisions  41.2 MB/s". */
  readonly text: string;
}

export interface Progress {
  /** Cheap to call often: redraws at most every `intervalMs`. */
  update(update: ProgressUpdate): void;
  /** Draws the final state and ends the line. */
  finish(update?: ProgressUpdate): void;
}

export interface ProgressOptions {
  /** Redraw period; default 100 ms. */
  readonly intervalMs?: number;
  /** Bar width in characters; default 24. */
  readonly width?: number;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (`io.interactive`):
 * piped or scripted runs stay quiet, so stdout/stderr remain machine-readable.
 */
export function progressBar(io: CliIo, label: string, options: ProgressOptions = {}): Progress {
  if (!io.interactive) return SILENT;
  const intervalMs = options.intervalMs ?? 100;
  const width = options.width ?? 24;
  let last = -Infinity; // the first update draws at once
  let drawn = false;
  const draw = (u: ProgressUpdate): void => {
    drawn = true;
    io.stderr.write(`\r${label} ${bar(u, width)}${u.text}\x1b[K`);
  };
  return {
    update(u) {
      const now = performance.now();
      if (now - last < intervalMs) return;
      last = now;
      draw(u);
    },
    finish(u) {
      if (u) draw(u);
      if (drawn) io.stderr.write('\n');
    },
  };
}

function bar(u: ProgressUpdate, width: number): string {
  if (u.total === undefined || u.total <= 0) return '';
  const ratio = Math.min(1, Math.max(0, u.done / u.total));
  const full = Math.round(ratio * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(ratio * 100).toFixed(0).padStart(3)}% `;
}

/** Bytes per second as "12.3 MB/s" (decimal megabytes, as dump sizes are quoted). */
export function formatRate(bytes: number, seconds: number): string {
  return `${seconds > 0 ? (bytes / 1e6 / seconds).toFixed(1) : '0.0'} MB/s`;
}
