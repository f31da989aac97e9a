import { mergeEventStreams } from './live-sources.worker';

describe('mergeEventStreams', () => {
  it('folds every eventstreams entry into one connection and keeps generators', () => {
    expect(
      mergeEventStreams([
        { kind: 'eventstreams', wikis: ['enwiki'] },
        { kind: 'generator', wikis: ['testwiki'] },
        { kind: 'eventstreams', wikis: ['dewiki', 'enwiki'] },
      ]),
    ).toEqual([
      { kind: 'eventstreams', wikis: ['enwiki', 'dewiki'] },
      { kind: 'generator', wikis: ['testwiki'] },
    ]);
    expect(mergeEventStreams([{ kind: 'generator', wikis: [] }])).toEqual([{ kind: 'generator', wikis: [] }]);
  });
});
