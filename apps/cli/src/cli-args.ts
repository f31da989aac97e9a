/** Minimal, strict argv parser: `cmd POSITIONAL --flag value --bool`. Unknown flags are errors. */
export interface CliArgs {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const [command = 'help', ...rest] = argv;
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
      } else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) {
        flags[a.slice(2)] = rest[++i];
      } else {
        flags[a.slice(2)] = true;
      }
    } else {
      positionals.push(a);
    }
  }
  return { command, positionals, flags };
}

/** Reads a flag as a string; throws UsageError when it is given without a value. */
export function flagString(args: CliArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function flagInt(args: CliArgs, name: string, min = 0): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${v}"`);
  return Number(v);
}

export function assertFlags(args: CliArgs, allowed: readonly string[]): void {
  const unknown = Object.keys(args.flags).filter((f) => !allowed.includes(f) && f !== 'data-dir');
  if (unknown.length)
    throw new UsageError(`unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => `--${u}`).join(', ')}`);
}
