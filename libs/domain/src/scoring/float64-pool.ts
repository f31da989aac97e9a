/**
 * Float64Arrays carved out of shared buffers. V8 gives a typed array of more than 64 bytes a
 * backing store of its own (an allocation outside the heap, and one more object for the GC to
 * track), ~0.5 us for the 83 features of a revision; a view on a buffer taken once costs ~0.1 us.
 * Scoring a revision made two (its features, their contributions). A buffer lives as long as any
 * view on it: at most CHUNK_BYTES kept for one array kept.
 */
const CHUNK_BYTES = 64 * 1024;

let chunk = new ArrayBuffer(CHUNK_BYTES);
let used = 0;

/**
 * `new Float64Array(length)`: zeros, in memory of its own (a region of a buffer no other array
 * uses; its `.buffer` is that whole buffer, so read its bytes with `byteOffset` and `byteLength`).
 */
export function newFloat64Array(length: number): Float64Array {
  const bytes = 8 * length;
  if (bytes > CHUNK_BYTES / 4) return new Float64Array(length);
  if (used + bytes > CHUNK_BYTES) {
    chunk = new ArrayBuffer(CHUNK_BYTES);
    used = 0;
  }
  const array = new Float64Array(chunk, used, length);
  used += bytes;
  return array;
}
