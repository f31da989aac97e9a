import { Offset, PageCommand } from '@okapi/domain';

/**
 * Where sources send commands: `PageCommandHandler` (decide + append, one transaction per call).
 * Declared here structurally so sources depend on the shape, not on the handler's module.
 */
export interface CommandSink {
  handle(
    commands: readonly PageCommand[],
  ): Promise<{ readonly appended: number; readonly duplicates: number; readonly lastOffset?: Offset }>;
}

/** Where sources write progress lines (stderr in the CLI, the Nest logger in apps). */
export interface SourceLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLog: SourceLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
