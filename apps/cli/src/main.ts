import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, OkapiConfig } from '@okapi/adapters/config';
import { parseArgs, UsageError } from './cli-args';
import { CliCommand, CliIo } from './command';

const COMMANDS_DIR = join(__dirname, 'commands');

function loadCommand(name: string): CliCommand | undefined {
  if (!/^[a-z][a-z-]*$/.test(name)) return undefined;
  const file = join(COMMANDS_DIR, `${name}.command.ts`);
  if (!existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads only the command asked for, by its file name, keeping start-up light.
  return (require(file) as { command: CliCommand }).command;
}

function listCommands(): CliCommand[] {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith('.command.ts'))
    .map((f) => loadCommand(f.replace('.command.ts', '')))
    .filter((c): c is CliCommand => c !== undefined);
}

function help(io: CliIo): number {
  const lines = listCommands().map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`);
  io.stdout.write(`usage: okapi <command> [options]   (every command takes --data-dir DIR)\n\n${lines.join('\n')}\n`);
  return 0;
}

function commandHelp(cmd: CliCommand, io: CliIo): number {
  io.stdout.write(`usage: okapi ${cmd.usage}   (also takes --data-dir DIR)\n  ${cmd.summary}\n`);
  return 0;
}

export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [name = 'help', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') return help(io);
  const cmd = loadCommand(name);
  if (!cmd) {
    io.stderr.write(`okapi: unknown command "${name}" (try: okapi help)\n`);
    return 2;
  }
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let config: OkapiConfig | undefined;
  try {
    const args = parseArgs(cmd.name, rest, cmd.flags);
    if (args.flags.help !== undefined) return commandHelp(cmd, io);
    const env = { ...process.env };
    const dataDir = args.flags['data-dir'];
    if (typeof dataDir === 'string') env.OKAPI_DATA_DIR = dataDir;
    config = loadConfig(env);
    return await cmd.run(args, { config, io, stopSignal: abort.signal });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`okapi ${cmd.name}: ${e.message}\nusage: okapi ${cmd.usage}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`okapi: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`okapi ${cmd.name}: ${(e as Error).message}\n`);
    if (config?.logLevel === 'debug') io.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: process.stderr.isTTY };
}
