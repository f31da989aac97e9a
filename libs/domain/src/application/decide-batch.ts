import { PageCommand } from '../commands/page.commands';
import { PageEvent } from '../events/page.events';
import { AppendRequest } from '../ports/event-store.port';
import { PageState } from '../page/page.state';
import { pageStream, StreamName } from '../shared/stream-name';
import { PageDecider } from './page-decider.port';

/** A page's folded state and its stream's last revision (-1: no stream yet). */
export interface Folded {
  readonly state: PageState;
  readonly revision: number;
}

export interface DecidedStreams {
  /** One request per stream that got events, expecting the revision its state was folded at. */
  readonly requests: AppendRequest[];
  /** The state of each of those streams after its events. */
  readonly next: Map<StreamName, Folded>;
  /** Commands that produced no event. */
  readonly duplicates: number;
  /** Streams whose commands all produced no event: nothing in `requests` checks what they assumed. */
  readonly unchecked: number;
}

export function groupByStream(commands: readonly PageCommand[]): Map<StreamName, PageCommand[]> {
  const byStream = new Map<StreamName, PageCommand[]>();
  for (const command of commands) {
    const stream = pageStream(command.wiki, command.pageId);
    const list = byStream.get(stream);
    if (list) list.push(command);
    else byStream.set(stream, [command]);
  }
  return byStream;
}

/**
 * Decides each stream's commands in order from its folded state (`load`): per-page order kept, one
 * append request per stream. The same for the command handler (states from the store) and for
 * decisions taken ahead of the store (states of this import's own decisions).
 */
export async function decideStreams(
  byStream: Map<StreamName, PageCommand[]>,
  load: (stream: StreamName) => Folded | Promise<Folded>,
  decider: PageDecider,
  options: { readonly suspectThreshold?: number },
): Promise<DecidedStreams> {
  const requests: AppendRequest[] = [];
  const next = new Map<StreamName, Folded>();
  let duplicates = 0;
  let unchecked = 0;
  for (const [stream, commands] of byStream) {
    const loaded = await load(stream);
    let state = loaded.state;
    const events: PageEvent[] = [];
    for (const command of commands) {
      const decided = decider.decide(command, state, { suspectThreshold: options.suspectThreshold });
      if (decided.length === 0) duplicates++;
      for (const event of decided) state = decider.evolve(state, event);
      events.push(...decided);
    }
    if (events.length === 0) {
      unchecked++;
      continue;
    }
    const expectedRevision = loaded.revision < 0 ? 'no_stream' : loaded.revision;
    requests.push({ stream, expectedRevision, events });
    next.set(stream, { state, revision: loaded.revision + events.length });
  }
  return { requests, next, duplicates, unchecked };
}
