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
    expect(r.fields!.key).toBe('event,name');
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
    ['malformed filters JSON', { query: { filters: '[{"field":' } }, 'stream.invalid_filter'],
    ['unknown filter field', { body: { filters: [{ field: 'title', value: 'x' }] } }, 'stream.invalid_filter'],
    ['object field without wildcard', { body: { fields: ['version'] } }, 'stream.invalid_fields'],
    ['future since', { query: { since: '2026-11-26T12:00:01Z' } }, 'stream.invalid_since'],
    ['garbage since', { query: { since: 'yesterday' } }, 'stream.invalid_since'],
    ['since and offset', { query: { since: '2026-11-26T11:00:00Z', offset: '4' } }, 'stream.conflicting_start'],
    ['negative offset', { query: { offset: '-1' } }, 'stream.invalid_offset'],
    ['bad Last-Event-ID', { lastEventId: 'abc' }, 'stream.invalid_offset'],
    ['unknown parameter', { query: { sinse: '1' } }, 'stream.invalid_parameter'],
    ['partitions', { body: { parts: [0, 1] } }, 'stream.invalid_parameter'],
    ['array body', { body: [1] }, 'stream.invalid_parameter'],
    ['bad vandalism', { query: { vandalism: 'maybe' } }, 'stream.invalid_parameter'],
  ])('refuses %s with a stable code', (_name, raw, code) => {
    expect(() => parse(raw)).toThrow(expect.objectContaining({ code }));
  });
});
