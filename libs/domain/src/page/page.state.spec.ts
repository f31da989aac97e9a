import { compareRevisions, compareTimestamps, earlierOf, laterOf } from './page.state';

describe('timestamp order (sources differ in precision and zone)', () => {
  it('orders same-shape UTC timestamps as strings, and anything else by parsing', () => {
    expect(Math.sign(compareTimestamps('2024-05-01T12:00:00Z', '2024-05-01T12:00:01Z'))).toBe(-1);
    expect(compareTimestamps('2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z')).toBe(0);
    expect(Math.sign(compareTimestamps('2024-05-01T12:00:00.900Z', '2024-05-01T12:00:00.100Z'))).toBe(1);
    expect(compareTimestamps('2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000Z')).toBe(0);
    expect(compareTimestamps('2024-05-01T14:00:00+02:00', '2024-05-01T12:00:00Z')).toBe(0);
    expect(Math.sign(compareTimestamps('2024-05-01T12:00:01.5Z', '2024-05-01T12:00:01Z'))).toBe(1);
    expect(compareTimestamps('not a date', '2024-05-01T12:00:00Z')).toBeNaN();
  });

  it('equal instants in different precision fall back to the revision id', () => {
    expect(
      compareRevisions(
        { timestamp: '2024-05-01T12:00:00Z', revisionId: 9 },
        { timestamp: '2024-05-01T12:00:00.000Z', revisionId: 10 },
      ),
    ).toBeLessThan(0);
    expect(
      compareRevisions(
        { timestamp: '2024-05-01T12:00:01Z', revisionId: 9 },
        { timestamp: '2024-05-01T12:00:00Z', revisionId: 10 },
      ),
    ).toBeGreaterThan(0);
  });

  it('laterOf / earlierOf keep the first argument on ties and unreadable input', () => {
    expect(laterOf('2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000Z')).toBe('2024-05-01T12:00:00Z');
    expect(laterOf('2024-05-01T12:00:00Z', '2024-05-01T13:00:00Z')).toBe('2024-05-01T13:00:00Z');
    expect(earlierOf('2024-05-01T12:00:00Z', '2024-05-01T11:00:00Z')).toBe('2024-05-01T11:00:00Z');
    expect(earlierOf('2024-05-01T12:00:00Z', 'garbage')).toBe('2024-05-01T12:00:00Z');
    expect(laterOf(undefined, '2024-05-01T12:00:00Z')).toBe('2024-05-01T12:00:00Z');
  });
});
