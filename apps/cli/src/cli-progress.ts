import { must } from '@okapi/domain';
import { SingleBar } from 'cli-progress';
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
 * A one-line progress bar on stderr (cli-progress), drawn only when stderr is a terminal
 * (`io.interactive`): piped or scripted runs stay quiet, so stdout/stderr remain machine-readable.
 * Without a known total only the text is shown.
 */
export function progressBar(io: CliIo, label: string, options: ProgressOptions = {}): Progress {
  if (!io.interactive) return SILENT;
  const width = options.width ?? 24;
  const bar = new SingleBar({
    stream: io.stderr,
    fps: 1000 / Math.max(1, options.intervalMs ?? 100),
    barsize: width,
    hideCursor: false,
    linewrap: false,
    noTTYOutput: true, // io.interactive already decided; tests draw into a plain stream
    notTTYSchedule: options.intervalMs ?? 100,
    format: (opts, params, payload: { text: string; known: boolean }) => {
      if (!payload.known) return `${label} ${payload.text}`;
      const full = Math.round(params.progress * width);
      const percent = `${(params.progress * 100).toFixed(0).padStart(3)}%`;
      const done = must(opts.barCompleteString, 'cli-progress barCompleteString').slice(0, full);
      const rest = must(opts.barIncompleteString, 'cli-progress barIncompleteString').slice(0, width - full);
      return `${label} [${done}${rest}] ${percent} ${payload.text}`;
    },
    barCompleteChar: '#',
    barIncompleteChar: '-',
  });
  let started = false;
  const show = (u: ProgressUpdate): void => {
    const known = u.total !== undefined && u.total > 0;
    const total = known ? u.total : 1;
    const value = known ? Math.min(u.done, total) : 0;
    const payload = { text: u.text, known };
    if (!started) {
      started = true;
      bar.start(total, value, payload);
    } else {
      bar.setTotal(total);
      bar.update(value, payload);
    }
  };
  return {
    update: show,
    finish(u) {
      if (u) show(u);
      if (started) bar.stop();
    },
  };
}

/** Bytes per second as "12.3 MB/s" (decimal megabytes, as dump sizes are quoted). */
export function formatRate(bytes: number, seconds: number): string {
  return `${seconds > 0 ? (bytes / 1e6 / seconds).toFixed(1) : '0.0'} MB/s`;
}
