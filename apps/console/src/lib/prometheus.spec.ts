import { byLabel, parsePrometheus, total } from './prometheus';

const TEXT = `# HELP okapi_event_store_head_offset Offset of the last event
# TYPE okapi_event_store_head_offset gauge
okapi_event_store_head_offset 1234
okapi_ingest_events_received_total{source="generator"} 50
okapi_ingest_events_received_total{source="eventstreams"} 7
okapi_ingest_lag_seconds{source="generator"} 0.25
okapi_dead_letters_total{consumer="views",reason="bad \\"json\\""} 2
okapi_http_request_duration_seconds_bucket{le="+Inf"} 9
malformed line
`;

describe('parsePrometheus', () => {
  const samples = parsePrometheus(TEXT);

  it('reads unlabelled and labelled samples, with escaped label values', () => {
    expect(total(samples, 'okapi_event_store_head_offset')).toBe(1234);
    expect(total(samples, 'okapi_ingest_events_received_total')).toBe(57);
    const dead = samples.find((s) => s.name === 'okapi_dead_letters_total');
    expect([...(dead?.labels ?? [])]).toEqual([
      ['consumer', 'views'],
      ['reason', 'bad "json"'],
    ]);
    expect(total(samples, 'okapi_worker_restarts_total')).toBeUndefined();
  });

  it('groups a family by one label', () => {
    const bySource = byLabel(samples, 'okapi_ingest_', 'source');
    expect(bySource.get('generator')).toEqual(
      new Map([
        ['okapi_ingest_events_received_total', 50],
        ['okapi_ingest_lag_seconds', 0.25],
      ]),
    );
    expect(bySource.get('eventstreams')?.get('okapi_ingest_events_received_total')).toBe(7);
  });
});
