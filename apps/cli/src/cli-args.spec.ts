import { flagInt, parseArgs, UsageError } from './cli-args';

describe('parseArgs (commander)', () => {
  it('reads positionals, --flag value, --flag=value, bare flags and everything after --', () => {
    const args = parseArgs(
      'events',
      ['a', '--limit', '5', 'b', '--json', '--data-dir=/x', '--', '--not-a-flag'],
      ['limit', 'json'],
    );
    expect(args).toEqual({
      command: 'events',
      positionals: ['a', 'b', '--not-a-flag'],
      flags: { limit: '5', json: true, 'data-dir': '/x' },
    });
    expect(flagInt(args, 'limit', 1)).toBe(5);
  });

  it('refuses an undeclared flag, naming it', () => {
    expect(() => parseArgs('events', ['--bogus'], ['limit'])).toThrow(new UsageError('unknown option: --bogus'));
  });
});
