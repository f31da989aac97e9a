import { Offset, toOffset } from '@okapi/domain';
import { flagInt } from '../cli-args';
import { CliCommand } from '../command';
import { withRuntime } from '../composition';
import { whenDrained } from '@okapi/adapters/streams';

/** Events per read: bounds memory whatever the log size (a page also stops at a byte budget). */
const PAGE = 500;

/**
 * `okapi events --from N [--limit K]`: the raw domain log as NDJSON `{offset, stream, type, data}`
 * in offset order, from offset N inclusive (0 = everything). Opens the store read-only, so it runs
 * next to `okapi start` or an import writing the same data directory.
 */
export const command: CliCommand = {
  name: 'events',
  summary: 'print domain events as NDJSON {offset, stream, type, data} from offset N (inclusive)',
  usage: 'events [--from N] [--limit K]',
  flags: ['from', 'limit'],
  async run(args, ctx) {
    const from = toOffset(flagInt(args, 'from') ?? 0);
    const limit = flagInt(args, 'limit', 1) ?? Number.POSITIVE_INFINITY;
    return withRuntime(ctx.config, { readOnly: true }, async (runtime) => {
      const out = ctx.io.stdout;
      let closedPipe = false;
      const onError = (e: NodeJS.ErrnoException): void => {
        if (e.code !== 'EPIPE') throw e;
        closedPipe = true; // `okapi events | head` closed the pipe: stop quietly
      };
      out.on('error', onError);
      try {
        let written = 0;
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by onError, which TypeScript's narrowing does not follow (TypeScript#9998).
        for (let cursor: Offset = from; written < limit && !closedPipe && !ctx.stopSignal.aborted; ) {
          const page = await runtime.eventStore.readAll({ from: cursor, limit: Math.min(PAGE, limit - written) });
          if (page.length === 0) break;
          const lines = page.map((e) =>
            JSON.stringify({ offset: e.offset, stream: e.stream, type: e.type, data: e.data }),
          );
          if (!out.write(`${lines.join('\n')}\n`)) await whenDrained(out);
          written += page.length;
          cursor = (page[page.length - 1].offset + 1) as Offset;
        }
        ctx.io.stderr.write(`okapi events: ${written} event${written === 1 ? '' : 's'} from offset ${from}\n`);
        return 0;
      } finally {
        out.off('error', onError);
      }
    });
  },
};
