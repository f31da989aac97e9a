import { must } from '@okapi/domain';
import { parseStreamRequest, RawStreamParams } from './stream-request';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const parse = (raw: Partial<RawStreamParams>) => parseStreamRequest({ query: {}, ...raw }, NOW);

describe('parseStreamRequest', () => {
  it('defaults to a live SSE stream of everything', () => {
    const r = parse({});
    expect(r).toMatchObject({ start: { kind: 'live' }, format: 'sse', filter: { pattern: {} } });
    expect(r.fields).toBeUndefined();
  });

  it('reads parameters from the query string (filters as JSON text, fields comma-separated)', () => {
    const r = parse({
      query: { filters: '[{"field":"is_part_of.identifier","value":"dewiki"}]', fields: 'name,event.*', offset: '41' },
    });
    expect(r.start).toEqual({ kind: 'after', offset: 41 });
    expect(r.filter.pattern).toEqual({ wiki: 'dewiki' });
    expect(r.fields?.key).toBe('event,name');
  });

  it('reads parameters from a JSON body on any method, the body winning over the query', () => {
    const r = parse({
      query: { vandalism: 'only' },
      body: {
        since: '2026-11-26T11:00:00Z',
        filters: [{ field: 'namespace.identifier', value: 0 }],
        vandalism: 'exclude',
      },
    });
    expect(r.start).toEqual({ kind: 'since', epochMs: Date.parse('2026-11-26T11:00:00Z') });
    expect(r.filter.pattern).toEqual({ namespace: 0, flag: 'ok' });
  });

  it('accepts since as epoch milliseconds', () => {
    expect(parse({ query: { since: String(NOW - 5) } }).start).toEqual({ kind: 'since', epochMs: NOW - 5 });
  });

  it('lets Last-Event-ID win over the URL offset, as a reconnecting EventSource resends its URL', () => {
    expect(parse({ query: { offset: '3' }, lastEventId: '17' }).start).toEqual({ kind: 'after', offset: 17 });
  });

  it('accepts the N-i resume ids sent inside an offset with several Articles', () => {
    expect(parse({ lastEventId: '17-0' }).start).toEqual({ kind: 'after', offset: 17, index: 0 });
    expect(parse({ query: { offset: '9-1' } }).start).toEqual({ kind: 'after', offset: 9, index: 1 });
  });

  it('negotiates NDJSON from Accept', () => {
    expect(parse({ accept: 'application/x-ndjson' }).format).toBe('ndjson');
    expect(parse({ accept: 'text/event-stream' }).format).toBe('sse');
  });

  it.each<[string, Partial<RawStreamParams>, string]>([
    ['malformed filters JSON', { query: { filters: '[{"field":' } }, 'request.invalid_filters'],
    ['unknown filter field', { body: { filters: [{ field: 'title', value: 'x' }] } }, 'request.invalid_filters'],
    ['unknown field', { body: { fields: ['nonsense'] } }, 'request.invalid_fields'],
    ['future since', { query: { since: '2026-11-26T12:00:01Z' } }, 'request.invalid_since'],
    ['garbage since', { query: { since: 'yesterday' } }, 'request.invalid_since'],
    ['since and offset', { query: { since: '2026-11-26T11:00:00Z', offset: '4' } }, 'request.conflicting_parameters'],
    ['negative offset', { query: { offset: '-1' } }, 'request.invalid_offset'],
    ['bad Last-Event-ID', { lastEventId: 'abc' }, 'request.invalid_offset'],
    ['unknown parameter', { query: { sinse: '1' } }, 'request.unknown_parameter'],
    ['part out of range', { body: { parts: [10] } }, 'request.invalid_parts'],
    ['more than 10 parts', { body: { parts: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9] } }, 'request.invalid_parts'],
    ['parts with since', { body: { parts: [0], since: '2026-11-26T11:00:00Z' } }, 'request.conflicting_parameters'],
    ['partition key out of range', { body: { parts: [0], offsets: { '50': 1 } } }, 'request.invalid_offsets'],
    ['negative partition offset', { body: { parts: [0], offsets: { '0': -1 } } }, 'request.invalid_offsets'],
    [
      'one partition in both maps',
      { body: { parts: [0], offsets: { '1': 5 }, since_per_partition: { '1': '2026-11-26T11:00:00Z' } } },
      'request.conflicting_parameters',
    ],
    ['bad since_per_partition', { body: { since_per_partition: { '1': 'yesterday' } } }, 'request.invalid_since'],
    ['non-integer limit', { body: { limit: 'lots' } }, 'request.invalid_limit'],
    ['unknown extra', { extras: 'confetti' }, 'request.invalid_parameter'],
    ['array body', { body: [1] }, 'request.invalid_body'],
    ['bad vandalism', { query: { vandalism: 'maybe' } }, 'request.invalid_parameter'],
    ['__proto__ parameter', { body: JSON.parse('{"__proto__": {"x": 1}}') }, 'request.forbidden_key'],
    ['constructor in fields', { body: { fields: ['constructor.name'] } }, 'request.forbidden_key'],
    ['prototype in a filter', { body: { filters: [{ field: 'name.prototype', value: 1 }] } }, 'request.forbidden_key'],
    ['__proto__ in offsets', { query: { offsets: '{"__proto__":{"1":2}}' } }, 'request.forbidden_key'],
    [
      'filter with extra keys',
      { body: { filters: [{ field: 'name', value: 'x', op: 'ne' }] } },
      'request.invalid_filters',
    ],
  ])('refuses %s with a stable code', (_name, raw, code) => {
    // jest takes an asymmetric matcher here; @types/jest's signature lists only Error-like values.
    expect(() => parse(raw)).toThrow(expect.objectContaining({ code }) as Error);
  });
});

describe('parseStreamRequest: WME parallel consumption (parts, offsets, since_per_partition)', () => {
  it('takes every member of the SDK Request; parts pick 5 partitions each', () => {
    const r = parse({
      body: {
        fields: ['name', 'event.*'],
        filters: [{ field: 'namespace.identifier', value: 0 }],
        limit: 3,
        parts: [0, 9],
        offsets: { '1': 40, '47': 7, '20': 99 },
        since_per_partition: { '3': '2026-11-26T11:00:00Z' },
      },
    });
    const partitions = must(r.partitions, 'the partitions');
    expect([...partitions.partitions].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 45, 46, 47, 48, 49]);
    // partition 20 lies outside the parts: ignored, as WME does
    expect(Object.fromEntries(partitions.starts)).toEqual({
      1: { kind: 'from', offset: 40 },
      47: { kind: 'from', offset: 7 },
      3: { kind: 'since', epochMs: Date.parse('2026-11-26T11:00:00Z') },
    });
    expect(r.filter.partitions).toBe(partitions.partitions);
    expect(r.filter.key).not.toBe(parse({ body: { parts: [1] } }).filter.key);
    expect(r.start).toEqual({ kind: 'live' });
  });

  it('reads parts and maps from a query string too', () => {
    const r = parse({ query: { parts: '2', offsets: '{"10":5}' } });
    const partitions = must(r.partitions, 'the partitions');
    expect([...partitions.partitions]).toEqual([10, 11, 12, 13, 14]);
    expect(partitions.starts.get(10)).toEqual({ kind: 'from', offset: 5 });
  });

  it('takes offsets without parts as covering every partition', () => {
    const r = parse({ body: { offsets: { '49': 3 } } });
    const partitions = must(r.partitions, 'the partitions');
    expect(partitions.partitions.size).toBe(50);
    expect(partitions.starts.get(49)).toEqual({ kind: 'from', offset: 3 });
  });

  it('has no partition selection (and no partition in the filter key) without those members', () => {
    const r = parse({ body: { parts: [], offsets: {} } });
    expect(r.partitions).toBeUndefined();
    expect(r.filter.partitions).toBeUndefined();
  });

  it('NDJSON carries Articles only unless the client asks for extras', () => {
    expect(parse({}).extras).toEqual({ heartbeat: false, errors: false });
    expect(parse({ extras: 'heartbeat, errors' }).extras).toEqual({ heartbeat: true, errors: true });
  });
});
