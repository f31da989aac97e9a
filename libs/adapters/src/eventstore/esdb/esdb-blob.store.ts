import { createHash } from 'node:crypto';
import { binaryEvent, EventStoreDBClient, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';

/**
 * Large event bodies, out of line. EventStoreDB refuses an append request over 1 MiB by default
 * while MediaWiki allows 2 MiB of wikitext (plus HTML), so a body that does not fit is stored as
 * chunk events on the content-addressed stream `blob-{sha256 of the JSON}` (appended FIRST), and the
 * page event carries only `{ $okapiBlob: { sha256, bytes, chunks } }`. Reads swap the reference
 * back for the body and check the hash. Same body, same stream: storing it twice is a no-op, and a
 * half-written blob (crash between chunks) is completed by the next attempt.
 */
export const BLOB_CHUNK_TYPE = 'OkapiBlobChunk';
export const BLOB_CHUNK_BYTES = 512 * 1024;

export interface BlobRef {
  readonly sha256: string;
  readonly bytes: number;
  readonly chunks: number;
}

export function isBlobRef(data: unknown): data is { $okapiBlob: BlobRef } {
  return typeof data === 'object' && data !== null && '$okapiBlob' in data;
}

export class EsdbBlobStore {
  constructor(private readonly client: EventStoreDBClient) {}

  /** Stores `json` (idempotently) and returns the reference to put in the event instead. */
  async put(json: string): Promise<{ $okapiBlob: BlobRef }> {
    const body = Buffer.from(json, 'utf8');
    const sha256 = createHash('sha256').update(body).digest('hex');
    const chunks: Buffer[] = [];
    for (let at = 0; at < body.length; at += BLOB_CHUNK_BYTES) chunks.push(body.subarray(at, at + BLOB_CHUNK_BYTES));
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.count(sha256);
      try {
        for (let i = stored; i < chunks.length; i++) {
          const expectedRevision = i === 0 ? 'no_stream' : BigInt(i - 1);
          await this.client.appendToStream(`blob-${sha256}`, binaryEvent({ type: BLOB_CHUNK_TYPE, data: chunks[i] }), {
            expectedRevision,
          });
        }
        return { $okapiBlob: { sha256, bytes: body.length, chunks: chunks.length } };
      } catch (e) {
        if (!(e instanceof WrongExpectedVersionError)) throw e; // a concurrent writer of the same body: recount
      }
    }
    throw new Error(`blob ${sha256}: could not store after 5 attempts`);
  }

  /** The JSON text a reference stands for; throws when the blob is missing or corrupt. */
  async get(ref: BlobRef): Promise<string> {
    const parts: Buffer[] = [];
    for await (const resolved of this.client.readStream(`blob-${ref.sha256}`, { maxCount: ref.chunks })) {
      const data = resolved.event?.data;
      if (data instanceof Uint8Array) parts.push(Buffer.from(data));
    }
    const body = Buffer.concat(parts);
    const sha = createHash('sha256').update(body).digest('hex');
    if (parts.length !== ref.chunks || sha !== ref.sha256)
      throw new Error(`blob ${ref.sha256} is incomplete or corrupt`);
    return body.toString('utf8');
  }

  private async count(sha256: string): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(`blob-${sha256}`, {
        direction: 'backwards',
        fromRevision: 'end',
        maxCount: 1,
      })) {
        return Number(resolved.event?.revision ?? -1n) + 1;
      }
      return 0;
    } catch (e) {
      if (e instanceof StreamNotFoundError) return 0;
      throw e;
    }
  }
}
