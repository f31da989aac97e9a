import { PassThrough } from 'node:stream';
import { CliIo } from './command';
import { formatRate, progressBar } from './cli-progress';

/** stderr as a terminal (cursor moves and line clears are ANSI escapes in the output). */
function io(interactive: boolean): { io: CliIo; err: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY: interactive, columns: 200 });
  const chunks: Buffer[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c));
  return { io: { stdout: new PassThrough(), stderr, interactive }, err: () => Buffer.concat(chunks).toString('utf8') };
}

// eslint-disable-next-line no-control-regex -- terminal escapes start with ESC.
const CURSOR_TO_COLUMN = /\x1b\[\d*G/;
// eslint-disable-next-line no-control-regex -- terminal escapes start with ESC.
const OTHER_ESCAPE = /\x1b(\[[\d;?]*[A-Za-z]|[78])/g;

/** Each redraw (cursor to column 1 starts one) without its escapes. */
const draws = (out: string): string[] =>
  out
    .split(CURSOR_TO_COLUMN)
    .map((d) => d.replace(OTHER_ESCAPE, ''))
    .filter(Boolean);

describe('progressBar', () => {
  it('stays silent when stderr is not a terminal', () => {
    const t = io(false);
    const bar = progressBar(t.io, 'import', { intervalMs: 0 });
    bar.update({ done: 1, total: 2, text: 'x' });
    bar.finish({ done: 2, total: 2, text: 'y' });
    expect(t.err()).toBe('');
  });

  it('redraws one line with bar, percentage and text, and ends it on finish', () => {
    const t = io(true);
    const bar = progressBar(t.io, 'import', { intervalMs: 0, width: 10 });
    bar.update({ done: 1, total: 4, text: '3 pages' });
    bar.finish({ done: 4, total: 4, text: '9 pages' });
    expect(draws(t.err())).toEqual(['import [###-------]  25% 3 pages', 'import [##########] 100% 9 pages\n']);
  });

  it('shows only the text while the total is unknown', () => {
    const t = io(true);
    const bar = progressBar(t.io, 'import', { intervalMs: 0 });
    bar.finish({ done: 7, text: '7 pages' });
    expect(draws(t.err())).toEqual(['import 7 pages\n']);
  });

  it('throttles redraws', () => {
    const t = io(true);
    const bar = progressBar(t.io, 'p', { intervalMs: 60_000 });
    for (let i = 0; i < 100; i++) bar.update({ done: i, text: `${i}` });
    expect(draws(t.err())).toEqual(['p 0']);
    bar.finish();
  });

  it('formats rates in decimal MB/s', () => {
    expect(formatRate(25_000_000, 2)).toBe('12.5 MB/s');
    expect(formatRate(1, 0)).toBe('0.0 MB/s');
  });
});
