import { AppendRequest, jsonOf } from '@okapi/domain';

/**
 * The requests with each event's data encoded as JSON, as UTF-8 bytes in one buffer (each event
 * a view of its part): a thread hands the buffer over (transfer list) instead of copying strings
 * of the events' text, and the receiving side keeps them off its JavaScript heap.
 */
export function encodedInOneBuffer(requests: readonly AppendRequest[]): {
  requests: AppendRequest[];
  buffer: ArrayBuffer;
} {
  const jsons = requests.map((r) => r.events.map(jsonOf));
  let total = 0;
  for (const list of jsons) for (const json of list) total += Buffer.byteLength(json, 'utf8');
  const bytes = Buffer.from(new ArrayBuffer(total));
  let at = 0;
  const encoded = requests.map((request, i) => ({
    ...request,
    events: request.events.map((event, k) => {
      const start = at;
      at += bytes.write(jsons[i][k], at, 'utf8');
      return { type: event.type, json: new Uint8Array(bytes.buffer, start, at - start) };
    }),
  }));
  return { requests: encoded, buffer: bytes.buffer };
}
