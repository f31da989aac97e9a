import { PassThrough } from 'node:stream';
import { CliIo } from './command';
import { formatRate, progressBar } from './cli-progress';

function io(interactive: boolean): { io: CliIo; err: () => string } {
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (c: Buffer) => chunks.push(c));
  return { io: { stdout: new PassThrough(), stderr, interactive }, err: () => Buffer.concat(chunks).toString('utf8') };
}

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
    expect(t.err()).toBe('\rimport [###-------]  25% 3 pages\x1b[K\rimport [##########] 100% 9 pages\x1b[K\n');
  });

  it('throttles redraws', () => {
    const t = io(true);
    const bar = progressBar(t.io, 'p', { intervalMs: 60_000 });
    for (let i = 0; i < 100; i++) bar.update({ done: i, text: `${i}` });
    expect(t.err().split('\r').length - 1).toBe(1);
  });

  it('formats rates in decimal MB/s', () => {
    expect(formatRate(25_000_000, 2)).toBe('12.5 MB/s');
    expect(formatRate(1, 0)).toBe('0.0 MB/s');
  });
});
