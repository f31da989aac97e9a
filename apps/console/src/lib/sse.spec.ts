import { SseParser } from './sse';

describe('SseParser', () => {
  it('yields messages with id and event, across chunk boundaries and CRLF, skipping heartbeats', () => {
    const p = new SseParser();
    const text =
      ':ok\n\nid: 7\nevent: message\ndata: {"a":1}\n\n: heartbeat\n\r\nid: 8-0\r\ndata: {"b":\r\ndata: 2}\r\n\r\n';
    const out = Array.from(text).flatMap((ch) => p.push(ch));
    expect(out).toEqual([
      { id: '7', event: 'message', data: '{"a":1}' },
      { id: '8-0', event: 'message', data: '{"b":\n2}' },
    ]);
  });

  it('keeps the last id for a message without one, and reads an error event', () => {
    const p = new SseParser();
    expect(p.push('id: 5\ndata: x\n\nevent: error\ndata: {"code":"stream.client_too_slow","last_id":"5"}\n\n')).toEqual(
      [
        { id: '5', event: 'message', data: 'x' },
        { id: '5', event: 'error', data: '{"code":"stream.client_too_slow","last_id":"5"}' },
      ],
    );
  });

  it('does not dispatch a message before its blank line', () => {
    const p = new SseParser();
    expect(p.push('id: 1\ndata: partial')).toEqual([]);
    expect(p.push('\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ id: '1', event: 'message', data: 'partial' }]);
  });
});
