import { Writable } from 'node:stream';
import { main } from './main';

function capture(): {
  io: { stdout: Writable; stderr: Writable; interactive: boolean };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void): Writable =>
    new Writable({
      write: (c, _e, done) => {
        add(String(c));
        done();
      },
    });
  return {
    io: { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), interactive: false },
    out: () => out,
    err: () => err,
  };
}

describe('okapi CLI front door', () => {
  it("answers `okapi <command> --help` with that command's usage on stdout and exit 0", async () => {
    const c = capture();
    expect(await main(['import-dump', '--help'], c.io)).toBe(0);
    expect(c.out()).toContain('usage: okapi import-dump FILE');
    expect(c.err()).toBe('');
  });

  it('still refuses unknown options with the usage on stderr and exit 2', async () => {
    const c = capture();
    expect(await main(['events', '--bogus'], c.io)).toBe(2);
    expect(c.err()).toContain('unknown option: --bogus');
  });
});
