import { Offset } from '../shared/offset';
import { PageCommand } from '../commands/page.commands';

/**
 * Where sources send commands: `PageCommandHandler` (decide + append, one transaction per call).
 * The port sources depend on; the handler implements it, adapters call it.
 */
export interface CommandSink {
  handle(
    commands: readonly PageCommand[],
  ): Promise<{ readonly appended: number; readonly duplicates: number; readonly lastOffset?: Offset }>;
}
