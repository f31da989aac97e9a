/** USER_HZ, the unit of the CPU times in /proc: 100 on every Linux this runs on. */
const TICKS_PER_MS = 0.1;

/**
 * CPU milliseconds (utime + stime, fields 14 and 15 of proc(5)) in the text of a `/proc/<pid>/stat`
 * or `/proc/self/task/<tid>/stat` file; NaN when the text is not one. The command name in
 * parentheses may hold spaces: fields are counted after its closing parenthesis.
 */
export function cpuMsOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
}
