import { compareRevisions, compareTimestamps, earlierOf, laterOf, timestampMs } from './page.state';

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

  it('timestampMs reads a timestamp as Date.parse does, to the same number', () => {
    const odd = ['2020-02-29T00:00:00Z', '2021-02-29T00:00:00Z', '2020-13-01T00:00:00Z', '2020-00-10T00:00:00Z'];
    odd.push('2020-01-01T24:00:00Z', '2020-01-01T23:60:00Z', '2020-01-01T23:59:60Z', '0050-01-01T00:00:00Z');
    odd.push('2020-1-01T00:00:00Z', '2020-01-01T00:00:00.000Z', '2020-01-01t00:00:00Z', '2020-01-01T00:00:0xZ', '');
    for (const s of odd) expect(timestampMs(s)).toBe(Date.parse(s));
    // Every day of 2000 (a leap year) to 2003 at a changing time of day, and some far years.
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2004, 0, 1); ms += 86_400_000 + 3_661_000) {
      const s = `${new Date(ms).toISOString().slice(0, 19)}Z`;
      expect(timestampMs(s)).toBe(Date.parse(s));
    }
    for (const year of [100, 1582, 1969, 1970, 2038, 9999]) {
      const s = `${String(year).padStart(4, '0')}-03-04T05:06:07Z`;
      expect(timestampMs(s)).toBe(Date.parse(s));
    }
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
