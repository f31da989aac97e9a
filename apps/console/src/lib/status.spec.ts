import { parsePrometheus } from './prometheus';
import { breakdown, lagRows } from './status';

describe('lagRows', () => {
  const lag = {
    head: 100,
    projections: [{ projection: 'revisions', checkpoint: 90, lag: 10, updated_at: '2026-11-26T10:00:00Z' }],
    bus: { last_offset: 97 },
  };

  it('prefers the publisher metric when the process reports it', () => {
    const rows = lagRows(lag, parsePrometheus('okapi_publisher_offset 99\n'));
    expect(rows.map((r) => [r.name, r.position, r.lag])).toEqual([
      ['projection revisions', 90, 10],
      ['publisher', 99, 1],
    ]);
  });

  it('falls back to the last offset in the bus', () => {
    expect(lagRows(lag, []).at(-1)).toMatchObject({ name: 'publisher (bus)', position: 97, lag: 3 });
  });
});

describe('breakdown', () => {
  it('lists each label set of a counter', () => {
    const samples = parsePrometheus(
      'okapi_dead_letters_total{consumer="views"} 2\nokapi_dead_letters_total{consumer="publisher"} 1\n',
    );
    expect(breakdown(samples, 'okapi_dead_letters_total')).toEqual([
      { labels: 'consumer=views', value: 2 },
      { labels: 'consumer=publisher', value: 1 },
    ]);
  });
});
