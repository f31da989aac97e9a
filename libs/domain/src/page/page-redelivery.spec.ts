import { PageCommand } from '../commands/page.commands';
import { PageEvent, RevisionCreated } from '../events/page.events';
import { aDeletePage, aMovePage, aRecordRevision, aRestorePage, aVisibilityChange, at, given, run } from '../testing';

const HIDE_TEXT = { text: false, editor: true, comment: true };
const VISIBLE = { text: true, editor: true, comment: true };

/**
 * At-least-once, in order per page: after the first `upTo` commands were applied, a source
 * restarts from command `from` (<= upTo) and delivers the rest. The events must be exactly those
 * of one clean delivery.
 */
function redelivered(commands: readonly PageCommand[], from: number, upTo: number): PageEvent[] {
  return run([...commands.slice(0, upTo), ...commands.slice(from)]).events;
}

function expectRedeliveryIsHarmless(commands: readonly PageCommand[]): void {
  const clean = run(commands).events;
  for (let upTo = 0; upTo <= commands.length; upTo++) {
    for (let from = 0; from <= upTo; from++) {
      expect({ from, upTo, events: redelivered(commands, from, upTo) }).toEqual({ from, upTo, events: clean });
    }
  }
}

const types = (events: readonly PageEvent[]) => events.map((e) => e.type);

describe('page decider: redelivered deletes, restores and moves', () => {
  // Delivered once, these commands record these events; redelivered from any point, the same.
  it.each<{ name: string; commands: PageCommand[]; events: PageEvent['type'][] }>([
    {
      name: 'delete and restore in the same second: both recorded once, a redelivery of either is a no-op',
      commands: [
        aRecordRevision({ revisionId: 1 }),
        aDeletePage({ timestamp: at(100) }),
        aRestorePage({ timestamp: at(100) }),
        aRecordRevision({ revisionId: 101 }),
      ],
      events: ['RevisionCreated', 'PageDeleted', 'PageRestored', 'RevisionCreated'],
    },
    {
      name: 'move, delete and restore in one second, then an edit',
      commands: [
        aRecordRevision({ revisionId: 1 }),
        aMovePage({ toTitle: 'B', timestamp: at(60) }),
        aDeletePage({ title: 'B', timestamp: at(60) }),
        aRestorePage({ title: 'B', timestamp: at(60) }),
        aRecordRevision({ revisionId: 61, title: 'B' }),
      ],
      events: ['RevisionCreated', 'PageMoved', 'PageDeleted', 'PageRestored', 'RevisionCreated'],
    },
    {
      name: 'an edit after a missed undelete restores the page; the late undelete and the old delete are no-ops',
      commands: [
        aRecordRevision({ revisionId: 1 }),
        aDeletePage({ timestamp: at(100) }),
        aRecordRevision({ revisionId: 150 }),
        aRestorePage({ timestamp: at(120) }),
        aDeletePage({ timestamp: at(200) }),
      ],
      events: ['RevisionCreated', 'PageDeleted', 'PageRestored', 'RevisionCreated', 'PageDeleted'],
    },
    {
      name: 'a hide, an un-hide and another hide, redelivered from any point, are each recorded once',
      commands: [
        aRecordRevision({ revisionId: 1 }),
        aRecordRevision({ revisionId: 2 }),
        aVisibilityChange({ revisionId: 1, visibility: HIDE_TEXT, timestamp: at(300) }),
        aVisibilityChange({ revisionId: 1, visibility: VISIBLE, timestamp: at(301) }),
        aVisibilityChange({
          revisionId: 2,
          visibility: { text: true, editor: false, comment: false },
          timestamp: at(302),
        }),
      ],
      events: [
        'RevisionCreated',
        'RevisionCreated',
        'RevisionVisibilityChanged',
        'RevisionVisibilityChanged',
        'RevisionVisibilityChanged',
      ],
    },
  ])('$name', ({ commands, events }) => {
    expect(types(run(commands).events)).toEqual(events);
    expectRedeliveryIsHarmless(commands);
  });

  it('restore then delete in the same second: the redelivered restore does not resurrect the page', () => {
    const commands = [
      aRecordRevision({ revisionId: 1 }),
      aDeletePage({ timestamp: at(90) }),
      aRestorePage({ timestamp: at(100) }),
      aDeletePage({ timestamp: at(100) }),
    ];
    const { events, state } = run(commands);
    expect(types(events)).toEqual(['RevisionCreated', 'PageDeleted', 'PageRestored', 'PageDeleted']);
    expect(state.deleted).toBe(true);
    given(events)
      .when(aRestorePage({ timestamp: at(100) }))
      .then([]);
    expectRedeliveryIsHarmless(commands);
  });

  it('a move and its move back in the same second: the redelivered first move is a no-op', () => {
    const commands = [
      aRecordRevision({ revisionId: 1 }),
      aMovePage({ toTitle: 'B', timestamp: at(50) }),
      aMovePage({ toTitle: 'Okapi', timestamp: at(50) }),
    ];
    const { events, state } = run(commands);
    expect(types(events)).toEqual(['RevisionCreated', 'PageMoved', 'PageMoved']);
    expect(state.title).toBe('Okapi');
    given(events)
      .when(aMovePage({ toTitle: 'B', timestamp: at(50) }))
      .then([]);
    expectRedeliveryIsHarmless(commands);
  });

  it('a page swap through a temporary title (two moves, one second), redelivered without from-titles', () => {
    const commands = [
      aRecordRevision({ revisionId: 1 }),
      aMovePage({ toTitle: 'Tmp', timestamp: at(50) }),
      aMovePage({ toTitle: 'B', timestamp: at(50) }),
    ];
    expect(run(commands).state.title).toBe('B');
    expectRedeliveryIsHarmless(commands);
  });

  it('a delete older than the latest applied action is stale, whatever its kind', () => {
    const { events } = run([
      aRecordRevision({ revisionId: 1 }),
      aDeletePage({ timestamp: at(100) }),
      aRestorePage({ timestamp: at(200) }),
      aMovePage({ toTitle: 'B', timestamp: at(300) }),
    ]);
    given(events)
      .when(aDeletePage({ timestamp: at(250) }))
      .then([]);
    given(events)
      .when(aMovePage({ toTitle: 'C', timestamp: at(250) }))
      .then([]);
    given(events)
      .when(aDeletePage({ timestamp: at(301) }))
      .thenMatch([{ type: 'PageDeleted' }]);
  });

  it('known limitation: the same action twice within one second looks like a redelivery (second one dropped)', () => {
    const { events } = run([
      aRecordRevision({ revisionId: 1 }),
      aDeletePage({ timestamp: at(100) }),
      aRestorePage({ timestamp: at(100) }),
    ]);
    given(events)
      .when(aDeletePage({ timestamp: at(100) }))
      .then([]);
    given(events)
      .when(aDeletePage({ timestamp: at(101) }))
      .thenMatch([{ type: 'PageDeleted' }]);
  });
});

describe('page decider: redelivered visibility changes', () => {
  it('hiding an older (non-current) revision twice records it once', () => {
    const { events } = run([
      aRecordRevision({ revisionId: 1 }),
      aRecordRevision({ revisionId: 2 }),
      aVisibilityChange({ revisionId: 1, visibility: HIDE_TEXT }),
    ]);
    expect(types(events)).toEqual(['RevisionCreated', 'RevisionCreated', 'RevisionVisibilityChanged']);
    given(events)
      .when(aVisibilityChange({ revisionId: 1, visibility: HIDE_TEXT }))
      .then([]);
    given(events)
      .when(aVisibilityChange({ revisionId: 1, visibility: VISIBLE }))
      .thenMatch([{ type: 'RevisionVisibilityChanged', data: { revisionId: 1, visibility: VISIBLE } }]);
  });

  it('a revision recorded hidden (dump <text deleted/>) needs no event to be hidden again', () => {
    const { events } = run([
      aRecordRevision({ revisionId: 1, visibility: HIDE_TEXT }),
      aRecordRevision({ revisionId: 2 }),
    ]);
    given(events)
      .when(aVisibilityChange({ revisionId: 1, visibility: HIDE_TEXT }))
      .then([]);
  });

  it('un-hiding a revision never seen hidden is a no-op; keeping the state small', () => {
    const { events, state } = run([aRecordRevision({ revisionId: 1 }), aRecordRevision({ revisionId: 2 })]);
    given(events)
      .when(aVisibilityChange({ revisionId: 1, visibility: VISIBLE }))
      .then([]);
    given(events)
      .when(aVisibilityChange({ revisionId: 99, visibility: VISIBLE }))
      .then([]);
    expect(state.revisionVisibility.size).toBe(0);
  });

  it('hiding a revision the page has not recorded yet is recorded once, and applies when it arrives', () => {
    const { events } = run([aRecordRevision({ revisionId: 5 })]);
    const hide = given(events).when(aVisibilityChange({ revisionId: 3, visibility: HIDE_TEXT }));
    hide.thenMatch([{ type: 'RevisionVisibilityChanged', data: { revisionId: 3 } }]);
    const all = [...events, ...hide.events()];
    given(all)
      .when(aVisibilityChange({ revisionId: 3, visibility: HIDE_TEXT }))
      .then([]);
    // A dump older than the suppression still has the text: it is recorded hidden anyway.
    const [late] = given(all)
      .when(aRecordRevision({ revisionId: 3, visibility: { text: true, editor: false, comment: true } }))
      .events() as RevisionCreated[];
    expect(late.data.visibility).toEqual({ text: false, editor: false, comment: true });
  });

  it('a visibility change for a page never seen names the page, so its later commands are accepted', () => {
    const hide = given([]).when(aVisibilityChange({ revisionId: 7, visibility: HIDE_TEXT }));
    expect(hide.state()).toMatchObject({ exists: true, wiki: 'enwiki', pageId: 42 });
    const { events, state } = run([
      aVisibilityChange({ revisionId: 7, visibility: HIDE_TEXT }),
      aRecordRevision({ revisionId: 7 }),
      aMovePage({ toTitle: 'B', timestamp: at(400) }),
    ]);
    expect(types(events)).toEqual(['RevisionVisibilityChanged', 'RevisionCreated', 'PageMoved']);
    expect(events[2].data).toMatchObject({ fromTitle: 'Okapi', toTitle: 'B' });
    expect(state.current?.visibility.text).toBe(false);
  });

  it('a move of a page known only from a visibility change, without from-title, is a no-op', () => {
    const { events } = run([aVisibilityChange({ revisionId: 7 })]);
    given(events)
      .when(aMovePage({ toTitle: 'B' }))
      .then([]);
  });
});
