import { asyncSource } from '@okapi/testing';
import { parseAsOf } from './as-of-snapshot';
import { parseHour, previousHour, readAhead } from './bulk-jobs';

describe('bulk job arguments', () => {
  it('parses --hour in the CLI form and as a full RFC3339 hour start', () => {
    expect(parseHour('2024-03-05T07')).toEqual({ date: '2024-03-05', hour: '07', start: '2024-03-05T07:00:00Z' });
    expect(parseHour('2024-03-05T07:00:00Z').start).toBe('2024-03-05T07:00:00Z');
    for (const bad of ['2024-03-05T24', '2024-02-30T01', '2024-03-05', '2024-03-05T07:30', 'yesterday'])
      expect(() => parseHour(bad)).toThrow('is not an hour');
  });

  it('defaults to the last closed UTC hour', () => {
    expect(previousHour(Date.parse('2024-03-05T00:00:00Z'))).toBe('2024-03-04T23');
    expect(previousHour(Date.parse('2024-03-05T12:59:59Z'))).toBe('2024-03-05T11');
  });

  it('reads --as-of as an offset or an RFC3339 time', () => {
    expect(parseAsOf('120')).toEqual({ offset: 120 });
    expect(parseAsOf('2024-03-05T07:00:00Z')).toEqual({ timeMs: Date.parse('2024-03-05T07:00:00Z') });
    expect(() => parseAsOf('last tuesday')).toThrow('neither an offset nor an RFC3339 time');
  });
});

describe('readAhead', () => {
  it('yields every item in order and stops at the end', async () => {
    const numbers = asyncSource(Array.from({ length: 100 }, (_, i) => i));
    const out: number[] = [];
    for await (const n of readAhead(numbers, 7)) out.push(n);
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('passes a source failure through after the items before it', async () => {
    const failing = asyncSource([1], new Error('page query failed'));
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(failing, 4)) out.push(n);
      })(),
    ).rejects.toThrow('page query failed');
    expect(out).toEqual([1]);
  });
});
