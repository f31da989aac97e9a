import { isWmeTimestamp, wmeTimestamp, wmeTimestampOf } from './wme-time';

describe('WME date format (YYYY-MM-DDTHH:MM:SSZ)', () => {
  it.each([
    ['2018-09-20T12:17:53Z', '2018-09-20T12:17:53Z'], // already WME's: unchanged
    ['2023-07-28T15:58:38.923659Z', '2023-07-28T15:58:38Z'], // a real WME event.date_created
    ['2026-12-04T14:07:23.999Z', '2026-12-04T14:07:23Z'], // truncated, never rounded up
    ['2024-01-01T01:30:00+01:30', '2024-01-01T00:00:00Z'], // zone converted to UTC
    ['2024-10-12T00:34:58.163473679Z', '2024-10-12T00:34:58Z'], // nanoseconds (WME bulk metadata)
  ])('%s -> %s', (input, expected) => {
    expect(wmeTimestamp(input)).toBe(expected);
    expect(isWmeTimestamp(wmeTimestamp(input))).toBe(true);
  });

  it('takes epoch milliseconds (the store clock)', () => {
    expect(wmeTimestamp(Date.parse('2024-06-01T00:00:00.750Z'))).toBe('2024-06-01T00:00:00Z');
  });

  it('leaves unreadable values visible instead of inventing a date', () => {
    expect(wmeTimestamp('infinity')).toBe('infinity');
    expect(wmeTimestampOf(undefined)).toBeUndefined();
  });
});
