import { readFileSync } from 'node:fs';
import { cpuMsOfStat } from './proc-stat';

describe('cpuMsOfStat', () => {
  it('adds utime and stime (ticks of 10 ms), counting fields after the command name', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 11 0';
    expect(cpuMsOfStat(stat)).toBe(2800);
  });

  it('is NaN for text that is not a stat line', () => {
    expect(cpuMsOfStat('no parenthesis here')).toBeNaN();
  });

  it('reads this process', () => {
    expect(cpuMsOfStat(readFileSync('/proc/self/stat', 'latin1'))).toBeGreaterThan(0);
  });
});
