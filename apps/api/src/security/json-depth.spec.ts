import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

const nested = (n: number, open = '[', close = ']'): Buffer => Buffer.from(open.repeat(n) + close.repeat(n));

describe('jsonDepthExceeds', () => {
  it('allows up to the limit and refuses one more, for arrays, objects and mixes', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    const obj = (n: number): Buffer => Buffer.from('{"a":'.repeat(n - 1) + '{}' + '}'.repeat(n - 1));
    expect(jsonDepthExceeds(obj(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(obj(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`{"fields":${'[{"x":'.repeat(40)}1${'}]'.repeat(40)}}`))).toBe(true);
  });

  it('counts depth, not brackets: siblings do not add up', () => {
    expect(jsonDepthExceeds(Buffer.from('[' + '[],'.repeat(10_000) + '[]]'))).toBe(false);
  });

  it('ignores brackets in strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ s: '['.repeat(1000) })))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ s: '\\"' + '{'.repeat(1000) })))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify(['"[[[', ['x\\', '{{{']])))).toBe(false);
  });

  it('scans a megabyte of nesting without recursion', () => {
    expect(jsonDepthExceeds(nested(500_000))).toBe(true);
  });
});
