import { PageCommand } from '../commands/page.commands';
import { PageEvent } from '../events/page.events';
import { DecideOptions, pageDecider } from '../page/page.decider';
import { PageState } from '../page/page.state';

/**
 * The page decider as the application layer uses it. The default is the real one
 * (libs/domain/src/page); tests may pass another to isolate the store behaviour.
 */
export interface PageDecider {
  initialState(): PageState;
  decide(command: PageCommand, state: PageState, options: DecideOptions): PageEvent[];
  evolve(state: PageState, event: PageEvent): PageState;
}

export const defaultPageDecider: PageDecider = pageDecider;
