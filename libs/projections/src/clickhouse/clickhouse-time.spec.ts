import {
  fromClickHouseDateTime,
  parseHour,
  toClickHouseDateTime,
  toClickHouseHour,
  toEpochMs,
} from './clickhouse-time';

describe('ClickHouse time text', () => {
  it('formats RFC3339 instants as UTC DateTime text, whatever the offset or precision', () => {
    expect(toClickHouseDateTime('2024-05-01T12:34:56Z')).toBe('2024-05-01 12:34:56');
    expect(toClickHouseDateTime('2000-02-29T23:59:59.999Z')).toBe('2000-02-29 23:59:59');
    expect(toClickHouseDateTime('2008-09-09T22:40:15+02:00')).toBe('2008-09-09 20:40:15');
    expect(toClickHouseHour('2024-12-31T23:59:59Z')).toBe('2024-12-31 23:00:00');
  });

  it('maps absent or invalid input to the epoch, and back to RFC3339', () => {
    expect(toClickHouseDateTime(undefined)).toBe('1970-01-01 00:00:00');
    expect(toClickHouseDateTime('not a date')).toBe('1970-01-01 00:00:00');
    expect(toEpochMs('2024-05-01T00:00:00.250Z')).toBe(Date.parse('2024-05-01T00:00:00.250Z'));
    expect(fromClickHouseDateTime('2024-05-01 12:00:00')).toBe('2024-05-01T12:00:00Z');
  });

  it('agrees with Date on a sweep of instants', () => {
    for (let ms = 0; ms < 4_102_444_800_000; ms += 987_654_321_123) {
      const iso = new Date(ms).toISOString();
      expect(toClickHouseDateTime(iso)).toBe(iso.slice(0, 19).replace('T', ' '));
    }
  });

  it('agrees with the calendar arithmetic on whole-second UTC text, rolled-over dates included', () => {
    const slow = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 19).replace('T', ' ');
    for (const iso of [
      '1970-01-01T00:00:00Z',
      '2024-02-28T23:59:59Z',
      '2024-02-29T12:00:00Z',
      '2023-02-29T12:00:00Z',
    ]) {
      expect(toClickHouseDateTime(iso)).toBe(slow(iso));
    }
    expect(toClickHouseDateTime('2024-04-31T00:00:00Z')).toBe('2024-05-01 00:00:00');
    expect(toClickHouseDateTime('1969-12-31T23:59:59Z')).toBe('1970-01-01 00:00:00');
  });

  it('parses batch hours', () => {
    expect(parseHour('2024-05-01T12')).toBe('2024-05-01T12:00:00Z');
    expect(parseHour('2024-05-01T12:00:00Z')).toBe('2024-05-01T12:00:00Z');
    expect(parseHour('2024-05-01T12:30')).toBeUndefined();
    expect(parseHour('yesterday')).toBeUndefined();
  });
});
