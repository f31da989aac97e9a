import { OkapiConfig } from '@okapi/adapters/config';
import { CliArgs } from './cli-args';

/** Streams a command writes to: machine-readable output on stdout, progress and errors on stderr. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal (progress bars only then). */
  readonly interactive: boolean;
}

export interface CliContext {
  readonly config: OkapiConfig;
  readonly io: CliIo;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  readonly stopSignal: AbortSignal;
}

/**
 * One file per command: `apps/cli/src/commands/<name>.command.ts` exporting `command`.
 * The CLI loads it by name, so adding a command touches no registry.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly string[];
  run(args: CliArgs, ctx: CliContext): Promise<number>;
}
