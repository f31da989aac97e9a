/**
 * Decider tests as given / when / then (emmett style):
 *   given([revisionCreated]).when(aRecordRevision({ revisionId: 1 })).then([])
 * `then` compares with jest's `toEqual`, `thenMatch` with `toMatchObject` (partial), `thenTypes`
 * only the produced events' types, and
 * `events()` / `state()` return the raw results for custom assertions.
 */
import { PageCommand } from '../commands/page.commands';
import { PageEvent } from '../events/page.events';
import { decide, DecideOptions, evolve } from '../page/page.decider';
import { initialPageState, PageState } from '../page/page.state';

export const TEST_DECIDE_OPTIONS: DecideOptions = { suspectThreshold: 0.5 };

export interface WhenResult {
  /** Events the command produced. */
  events(): PageEvent[];
  /** State after applying the given events and the produced ones. */
  state(): PageState;
  then(expected: readonly PageEvent[]): PageEvent[];
  thenMatch(expected: readonly unknown[]): PageEvent[];
  /** The produced events' types, in order. */
  thenTypes(expected: readonly PageEvent['type'][]): PageEvent[];
}

export function stateFrom(events: readonly PageEvent[], from: PageState = initialPageState()): PageState {
  return events.reduce(evolve, from);
}

export function given(events: readonly PageEvent[] = [], options: DecideOptions = TEST_DECIDE_OPTIONS) {
  const before = stateFrom(events);
  return {
    state: () => before,
    when(command: PageCommand): WhenResult {
      const produced = decide(command, before, options);
      return {
        events: () => produced,
        state: () => stateFrom(produced, before),
        then(expected) {
          expect(produced).toEqual(expected);
          return produced;
        },
        thenMatch(expected) {
          expect(produced).toMatchObject(expected);
          return produced;
        },
        thenTypes(expected) {
          expect(produced.map((e) => e.type)).toEqual(expected);
          return produced;
        },
      };
    },
  };
}

/** Runs commands one after another through decide+evolve; returns every event and the final state. */
export function run(
  commands: readonly PageCommand[],
  options: DecideOptions = TEST_DECIDE_OPTIONS,
): { events: PageEvent[]; state: PageState } {
  let state = initialPageState();
  const events: PageEvent[] = [];
  for (const c of commands) {
    const produced = decide(c, state, options);
    state = stateFrom(produced, state);
    events.push(...produced);
  }
  return { events, state };
}
