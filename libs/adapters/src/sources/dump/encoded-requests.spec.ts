import { AppendRequest, pageStream } from '@okapi/domain';
import { aRevisionCreated } from '@okapi/testing';
import { buffersOf, encodedInOneBuffer } from './encoded-requests';

const request = (pageId: number, text: string): AppendRequest => ({
  stream: pageStream('enwiki', pageId),
  expectedRevision: 'no_stream',
  events: [aRevisionCreated({ pageId, revisionId: pageId * 10, text })],
});
const decoded = (r: AppendRequest): unknown[] =>
  r.events.map((e) =>
    'json' in e && e.json instanceof Uint8Array ? (JSON.parse(Buffer.from(e.json).toString()) as unknown) : e,
  );

describe('encodedInOneBuffer', () => {
  const requests = [request(1, 'ü 松鼠 🐿 first'), request(2, 'second')];

  it('encodes every event as a view of one buffer, with room to spare', () => {
    const { requests: encoded, buffer } = encodedInOneBuffer(requests);
    expect(encoded.flatMap(decoded)).toEqual(requests.flatMap((r) => r.events.map((e) => 'data' in e && e.data)));
    expect(buffersOf(encoded)).toEqual([buffer]);
    const used = encoded.flatMap((r) => r.events).reduce((n, e) => n + (e as { json: Uint8Array }).json.byteLength, 0);
    expect(buffer.byteLength).toBeGreaterThan(used);
  });

  it('writes into a spare buffer that fits, and leaves one too small alone', () => {
    const fits = new ArrayBuffer(64 * 1024);
    const reused = encodedInOneBuffer(requests, fits);
    expect(reused.buffer).toBe(fits);
    expect(reused.requests.flatMap(decoded)).toEqual(encodedInOneBuffer(requests).requests.flatMap(decoded));
    const small = new ArrayBuffer(8);
    expect(encodedInOneBuffer(requests, small).buffer).not.toBe(small);
  });

  it('finds no buffer behind events that are not encoded', () => {
    expect(buffersOf(requests)).toEqual([]);
  });
});
