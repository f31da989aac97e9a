import { SseParser } from './sse.parser';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('SseParser', () => {
  it('parses the EventStreams wire format: :ok comment, event, id, data', () => {
    const p = new SseParser();
    const out = p.push(bytes(':ok\n\nevent: message\nid: [{"topic":"t","partition":0,"offset":5}]\ndata: {"a":1}\n\n'));
    expect(out).toEqual([{ event: 'message', id: '[{"topic":"t","partition":0,"offset":5}]', data: '{"a":1}' }]);
  });

  it('joins multi-line data with LF and accepts CRLF line ends', () => {
    const out = new SseParser().push(bytes('data: {\r\ndata: "a": 1\r\ndata: }\r\n\r\n'));
    expect(out.map((m) => m.data)).toEqual(['{\n"a": 1\n}']);
  });

  it('completes events split across chunks, even inside a multi-byte character and a CRLF', () => {
    const p = new SseParser();
    const wire = bytes('id: 1\ndata: "Écureuil"\r\n\r\n');
    const cut = wire.indexOf(0xc3) + 1; // inside "É"
    expect(p.push(wire.slice(0, cut))).toEqual([]);
    const crAt = wire.lastIndexOf(0x0d) + 1; // between the last CR and LF
    expect(p.push(wire.slice(cut, crAt))).toEqual([]);
    expect(p.push(wire.slice(crAt)).map((m) => [m.id, m.data])).toEqual([['1', '"Écureuil"']]);
  });

  it('drops a half-received event on reset and forgets its id', () => {
    const p = new SseParser('0');
    expect(p.push(bytes('id: 1\ndata: a\n\nid: 2\ndata: b'))).toHaveLength(1);
    p.reset();
    const out = p.push(bytes('data: c\n\n'));
    expect(out.map((m) => [m.id, m.data])).toEqual([['1', 'c']]);
  });

  it('keeps the id of an earlier event when a later one has none, and ignores events without data', () => {
    const out = new SseParser().push(bytes('id: 7\ndata: x\n\nevent: ping\n\ndata: y\n\n'));
    expect(out.map((m) => [m.id, m.data])).toEqual([
      ['7', 'x'],
      ['7', 'y'],
    ]);
  });
});
