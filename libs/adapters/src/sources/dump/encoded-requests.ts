import { AppendRequest, jsonOf } from '@okapi/domain';

/** A fresh buffer is this much larger than the batch that needed it. */
const HEADROOM = 1.25;

/**
 * The requests with each event's data encoded as JSON, as UTF-8 bytes in one buffer (each event
 * a view of its part): a thread hands the buffer over (transfer list) instead of copying strings
 * of the events' text, and the receiving side keeps them off its JavaScript heap. Written into
 * `spare` when it is large enough (a buffer handed back after an earlier batch was stored): fresh
 * memory costs a page fault per 4 KiB written, which on this kind of virtual machine was the
 * single largest cost of moving the events between threads.
 */
export function encodedInOneBuffer(
  requests: readonly AppendRequest[],
  spare?: ArrayBuffer,
): { requests: AppendRequest[]; buffer: ArrayBuffer } {
  const jsons = requests.map((r) => r.events.map(jsonOf));
  let total = 0;
  for (const list of jsons) for (const json of list) total += Buffer.byteLength(json, 'utf8');
  // Fresh ones with room to spare, so the next batches, a little larger or smaller, fit as well.
  const buffer = spare && spare.byteLength >= total ? spare : new ArrayBuffer(Math.ceil(total * HEADROOM));
  const bytes = Buffer.from(buffer, 0, total);
  let at = 0;
  const encoded = requests.map((request, i) => ({
    ...request,
    events: request.events.map((event, k) => {
      const start = at;
      at += bytes.write(jsons[i][k], at, 'utf8');
      return { type: event.type, json: new Uint8Array(buffer, start, at - start) };
    }),
  }));
  return { requests: encoded, buffer };
}

/** The buffers the events of `requests` are views of (encodedInOneBuffer's), each once. */
export function buffersOf(requests: readonly AppendRequest[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const r of requests)
    for (const e of r.events)
      if ('json' in e && e.json instanceof Uint8Array) buffers.add(e.json.buffer as ArrayBuffer);
  return [...buffers];
}
