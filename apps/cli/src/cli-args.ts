import { Command, CommanderError } from 'commander';

/** A command's arguments: `cmd POSITIONAL --flag value --bool`. */
export interface CliArgs {
  readonly command: string;
  readonly positionals: readonly string[];
  /** The flags given (a declared flag left out is absent). */
  readonly flags: Readonly<Partial<Record<string, string | true>>>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses a command's arguments with commander: every flag the command declares is
 * `--name [value]` (a value, or `true` alone), `--name=value` works, `--` ends the flags, and an
 * undeclared flag is a UsageError. `--data-dir` and `--help` are known to every command.
 */
export function parseArgs(command: string, argv: readonly string[], allowed: readonly string[]): CliArgs {
  const parser = new Command(command)
    .helpOption(false)
    .argument('[positionals...]')
    .allowExcessArguments(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  for (const name of new Set([...allowed, 'data-dir', 'help'])) parser.option(`--${name} [value]`);
  try {
    parser.parse([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    const unknown = /unknown option '([^']+)'/.exec(e.message);
    throw new UsageError(unknown ? `unknown option: ${unknown[1]}` : e.message.replace(/^error: /, ''));
  }
  const values = parser.opts<Record<string, string | true | undefined>>();
  const flags: Partial<Record<string, string | true>> = {};
  for (const option of parser.options) {
    const value = values[option.attributeName()];
    // Every option is declared above with a long name (`--name [value]`).
    if (value !== undefined && option.long) flags[option.long.slice(2)] = value;
  }
  return { command, positionals: (parser.processedArgs[0] as string[] | undefined) ?? [], flags };
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
