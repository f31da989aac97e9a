import { PageEvent, RevisionCreated } from '../events/page.events';
import {
  aDeletePage,
  aMovePage,
  aRecordRevision,
  aRestorePage,
  aVisibilityChange,
  at,
  given,
  run,
  stateFrom,
} from '../testing';
import { decide, evolve } from './page.decider';
import { initialPageState } from './page.state';

const revisions = (...ids: number[]) => run(ids.map((revisionId) => aRecordRevision({ revisionId })));

describe('page decider: recording revisions', () => {
  it('records a first revision and sets the page identity from it', () => {
    const [event] = given([])
      .when(aRecordRevision({ revisionId: 7, title: 'Okapi' }))
      .events() as RevisionCreated[];
    expect(event.type).toBe('RevisionCreated');
    expect(event.data).toMatchObject({
      revisionId: 7,
      isLatest: true,
      flag: 'ok',
      visibility: { text: true, editor: true, comment: true },
    });
    expect(event.data.previousSize).toBeUndefined();
    const state = stateFrom([event]);
    expect(state).toMatchObject({
      exists: true,
      wiki: 'enwiki',
      pageId: 42,
      namespace: 0,
      title: 'Okapi',
      revisionCount: 1,
      dateCreated: at(7),
    });
    expect(state.current?.revisionId).toBe(7);
  });

  it('is idempotent by revision id: a redelivered revision yields no events', () => {
    const { events } = revisions(1);
    given(events)
      .when(aRecordRevision({ revisionId: 1 }))
      .then([]);
    given(events)
      .when(aRecordRevision({ revisionId: 1, comment: 'changed upstream?' }))
      .then([]);
  });

  it('takes previousSize / previousRevisionId from the current revision', () => {
    const { events } = revisions(1);
    given(events)
      .when(aRecordRevision({ revisionId: 2, size: 999 }))
      .thenMatch([
        {
          type: 'RevisionCreated',
          data: { revisionId: 2, previousRevisionId: 1, previousSize: (events[0] as RevisionCreated).data.size },
        },
      ]);
  });

  it('records an older revision arriving late with isLatest=false; current does not go backwards', () => {
    const { events } = revisions(1, 3);
    const late = given(events).when(aRecordRevision({ revisionId: 2 }));
    late.thenMatch([{ type: 'RevisionCreated', data: { revisionId: 2, isLatest: false, previousRevisionId: 1 } }]);
    const state = late.state();
    expect(state.current?.revisionId).toBe(3);
    // The late revision is now the one `current` superseded.
    expect(state.previous?.revisionId).toBe(2);
    expect(state.recent.map((r) => r.revisionId)).toEqual([1, 2, 3]);
    expect([...state.revisionIds].sort()).toEqual([1, 2, 3]);
  });

  it('orders by timestamp then id, not by arrival or id alone', () => {
    const { state } = run([
      aRecordRevision({ revisionId: 10, timestamp: at(5) }),
      aRecordRevision({ revisionId: 9, timestamp: at(6) }),
    ]);
    expect(state.current?.revisionId).toBe(9);
    expect(state.previous?.revisionId).toBe(10);
  });

  it('keeps the 15 most recent revisions, oldest first', () => {
    const { state } = revisions(...Array.from({ length: 20 }, (_, i) => i + 1));
    expect(state.recent.map((r) => r.revisionId)).toEqual(Array.from({ length: 15 }, (_, i) => i + 6));
    expect(state.revisionCount).toBe(20);
    expect(state.revisionIds.has(1)).toBe(true);
  });

  it('evolve never mutates the given state', () => {
    const { events, state } = revisions(1, 2);
    const frozenIds = [...state.revisionIds];
    const recent = state.recent;
    const next = evolve(state, decide(aRecordRevision({ revisionId: 3 }), state, { suspectThreshold: 0.5 })[0]);
    expect(next.revisionIds.has(3)).toBe(true);
    expect(state.revisionIds.has(3)).toBe(false);
    expect([...state.revisionIds]).toEqual(frozenIds);
    expect(state.recent).toBe(recent);
    expect(state.recent).toHaveLength(2);
    // Branching from an old state does not leak into the newer one.
    const branch = evolve(
      stateFrom(events.slice(0, 1)),
      decide(aRecordRevision({ revisionId: 5 }), stateFrom(events.slice(0, 1)), { suspectThreshold: 0.5 })[0],
    );
    expect(branch.revisionIds.has(2)).toBe(false);
    expect(next.revisionIds.has(5)).toBe(false);
  });

  it('throws on a command for another page (a routing bug, not an outcome)', () => {
    const { state } = revisions(1);
    expect(() => decide(aRecordRevision({ revisionId: 2, pageId: 43 }), state, { suspectThreshold: 0.5 })).toThrow(
      /enwiki\/43/,
    );
  });
});

describe('page decider: identity reverts', () => {
  it('emits RevisionCreated then RevisionsReverted naming restored and reverted ids', () => {
    const { events } = revisions(1, 2, 3);
    given(events)
      .when(aRecordRevision({ revisionId: 4, sha1: 'sha1-1' }))
      .thenMatch([
        { type: 'RevisionCreated', data: { revisionId: 4 } },
        {
          type: 'RevisionsReverted',
          data: { revertingRevisionId: 4, restoredRevisionId: 1, revertedRevisionIds: [2, 3] },
        },
      ]);
  });

  it('treats a sha1 equal to the previous revision as a null edit, not a revert', () => {
    const { events } = revisions(1, 2);
    given(events)
      .when(aRecordRevision({ revisionId: 3, sha1: 'sha1-2' }))
      .thenTypes(['RevisionCreated']);
  });

  it('looks back 15 revisions: the 15th back is found, the 16th is not', () => {
    const { events } = revisions(...Array.from({ length: 16 }, (_, i) => i + 1));
    const fifteenth = given(events)
      .when(aRecordRevision({ revisionId: 17, sha1: 'sha1-2' }))
      .events();
    expect(fifteenth[1]).toMatchObject({ type: 'RevisionsReverted', data: { restoredRevisionId: 2 } });
    given(events)
      .when(aRecordRevision({ revisionId: 17, sha1: 'sha1-1' }))
      .thenTypes(['RevisionCreated']);
  });

  it('does not look for reverts on a late (out-of-order) revision', () => {
    const { events } = revisions(1, 3);
    given(events)
      .when(aRecordRevision({ revisionId: 2, sha1: 'sha1-1' }))
      .thenTypes(['RevisionCreated']);
  });
});

describe('page decider: moves, deletes, restores', () => {
  it('moves update title and namespace; a move to the same title is a no-op', () => {
    const { events } = revisions(1);
    const move = given(events).when(aMovePage({ toNamespace: 118, toTitle: 'Draft:Okapi' }));
    move.thenMatch([
      { type: 'PageMoved', data: { fromNamespace: 0, fromTitle: 'Okapi', toNamespace: 118, toTitle: 'Draft:Okapi' } },
    ]);
    expect(move.state()).toMatchObject({ namespace: 118, title: 'Draft:Okapi' });
    given([...events, ...move.events()])
      .when(aMovePage({ toNamespace: 118, toTitle: 'Draft:Okapi' }))
      .then([]);
  });

  it('ignores a redelivered move older than the last applied one', () => {
    const { events } = run([
      aRecordRevision({ revisionId: 1 }),
      aMovePage({ toTitle: 'B', timestamp: at(10) }),
      aMovePage({ toTitle: 'Okapi', timestamp: at(20) }),
    ]);
    given(events)
      .when(aMovePage({ toTitle: 'B', timestamp: at(10) }))
      .then([]);
  });

  it('a revision saved before a later move does not undo the move', () => {
    const { state } = run([
      aRecordRevision({ revisionId: 1 }),
      aMovePage({ toTitle: 'Okapia', timestamp: at(10) }),
      aRecordRevision({ revisionId: 2, timestamp: at(5), title: 'Okapi' }),
    ]);
    expect(state.title).toBe('Okapia');
    expect(state.current?.revisionId).toBe(2);
  });

  it('deletes mark the page deleted; deleting again is a no-op', () => {
    const { events } = revisions(1);
    const del = given(events).when(aDeletePage({ comment: 'spam' }));
    del.thenMatch([{ type: 'PageDeleted', data: { wiki: 'enwiki', pageId: 42, title: 'Okapi', comment: 'spam' } }]);
    expect(del.state().deleted).toBe(true);
    given([...events, ...del.events()])
      .when(aDeletePage({ timestamp: at(101) }))
      .then([]);
  });

  it('restores a deleted page; restoring a live page is a no-op', () => {
    const { events } = run([aRecordRevision({ revisionId: 1 }), aDeletePage()]);
    const restore = given(events).when(aRestorePage());
    restore.thenMatch([{ type: 'PageRestored', data: { title: 'Okapi' } }]);
    expect(restore.state().deleted).toBe(false);
    given([...events, ...restore.events()])
      .when(aRestorePage({ timestamp: at(201) }))
      .then([]);
  });

  it('a newer revision on a deleted page restores it first (MediaWiki cannot edit a deleted page)', () => {
    const { events } = run([aRecordRevision({ revisionId: 1 }), aDeletePage({ timestamp: at(100) })]);
    const produced = given(events).when(aRecordRevision({ revisionId: 150, timestamp: at(150) }));
    produced.thenTypes(['PageRestored', 'RevisionCreated']);
    expect(produced.state()).toMatchObject({ deleted: false, current: { revisionId: 150 } });
  });

  it('an older revision arriving after the delete is recorded but does not restore', () => {
    const { events } = run([aRecordRevision({ revisionId: 1 }), aDeletePage({ timestamp: at(100) })]);
    const produced = given(events).when(aRecordRevision({ revisionId: 2, timestamp: at(2) }));
    produced.thenTypes(['RevisionCreated']);
    expect(produced.state().deleted).toBe(true);
  });

  it('ignores a redelivered delete older than the last restore', () => {
    const { events } = run([
      aRecordRevision({ revisionId: 1 }),
      aDeletePage({ timestamp: at(100) }),
      aRestorePage({ timestamp: at(200) }),
    ]);
    given(events)
      .when(aDeletePage({ timestamp: at(100) }))
      .then([]);
  });

  it('records a delete for a page never seen, which sets its identity', () => {
    const del = given([]).when(aDeletePage({ title: 'Unseen', namespace: 4 }));
    expect(del.state()).toMatchObject({ exists: true, deleted: true, title: 'Unseen', namespace: 4 });
  });
});

describe('page decider: visibility', () => {
  it('changes the current revision visibility; repeating it is a no-op', () => {
    const { events } = revisions(1);
    const hide = given(events).when(
      aVisibilityChange({ revisionId: 1, visibility: { text: false, editor: true, comment: false } }),
    );
    hide.thenMatch([{ type: 'RevisionVisibilityChanged', data: { revisionId: 1 } }]);
    expect(hide.state().current?.visibility).toEqual({ text: false, editor: true, comment: false });
    expect(hide.state().current?.text).toBeDefined(); // kept so an un-hide can show it again
    const all: PageEvent[] = [...events, ...hide.events()];
    given(all)
      .when(aVisibilityChange({ revisionId: 1, visibility: { text: false, editor: true, comment: false } }))
      .then([]);
  });

  it('records a visibility change of an older revision without touching current', () => {
    const { events } = revisions(1, 2);
    const hide = given(events).when(aVisibilityChange({ revisionId: 1 }));
    expect(hide.events()).toHaveLength(1);
    expect(hide.state().current?.visibility.text).toBe(true);
  });
});

describe('page decider: state bookkeeping', () => {
  it('initial state is empty and not existing', () => {
    expect(initialPageState()).toMatchObject({ exists: false, deleted: false, recent: [], revisionCount: 0 });
    expect(initialPageState().revisionIds.size).toBe(0);
  });

  it('createdAt is only known when the page-creating revision was seen', () => {
    expect(run([aRecordRevision({ revisionId: 1 })]).state.createdAt).toBe(at(1));
    expect(run([aRecordRevision({ revisionId: 5, parentId: 4 })]).state.createdAt).toBeUndefined();
    expect(run([aRecordRevision({ revisionId: 5, source: 'snapshot' })]).state.createdAt).toBeUndefined();
  });
});
