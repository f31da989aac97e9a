/**
 * Reading `$all` by Okapi offset.
 *
 * An Okapi offset on EventStoreDB is the event's PREPARE position, its byte position in the
 * transaction log. Unlike the commit position it is unique per event (the events of one append
 * share a commit position) and it still increases in `$all` order. Offsets are SPARSE (gaps of
 * hundreds of bytes up to about a MiB between neighbours) and stay below 2^53 for any log under
 * 8 PiB, so they travel as JSON numbers and SSE ids.
 *
 * `from` is inclusive. The server accepts only positions where a record starts, so `from` must be
 * 0, an offset Okapi returned, or such an offset + 1 (the usual "resume after the last one seen");
 * anything else is refused with `stream.invalid_offset` (HTTP 400).
 */
import {
  AllStreamResolvedEvent,
  EventStoreDBClient,
  Position,
  ReadPosition,
  UnavailableError,
} from '@eventstore/db-client';
import { Offset, PAGE_EVENT_TYPES, RecordedEvent, StreamName, upcastPageEvent } from '@okapi/domain';
import { badRequest } from '../../errors/okapi-error';
import { EsdbBlobStore, isBlobRef } from './esdb-blob.store';

/** A page event with the full ESDB position it was read at (exact cursor for subscriptions). */
export interface Located {
  readonly event: RecordedEvent;
  readonly position: Position;
}

const PAGE_TYPES = new Set<string>(PAGE_EVENT_TYPES);
const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

export class EsdbLogReader {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly blobs: EsdbBlobStore,
  ) {}

  /** Up to `max` page events with offset >= `from`, in offset order. */
  async readFrom(from: Offset, max: number): Promise<Located[]> {
    if (from === 0) return this.forward('start', max, 0);
    const anchor = await this.anchor(from);
    // The events of one append share a commit position, so an event at prepare >= from can sort
    // BEFORE the anchor in $all order: collect that tail of the anchor's transaction first.
    const behind = await this.tailBefore(anchor, from);
    const ahead = await this.forward(anchor, max, from);
    const seen = new Set<number>();
    return [...behind, ...ahead].filter((l) => !seen.has(l.event.offset) && seen.add(l.event.offset)).slice(0, max);
  }

  /** Up to `max` page events strictly after `position`. */
  async readAfter(position: Position, max: number): Promise<Located[]> {
    const page = await this.forward(position, max + 1, 0);
    return page.filter((l) => comparePositions(l.position, position) > 0).slice(0, max);
  }

  /** The newest page event, if any. */
  async last(): Promise<Located | undefined> {
    for await (const resolved of this.client.readAll({ direction: 'backwards', fromPosition: 'end' })) {
      const located = await this.toLocated(resolved);
      if (located) return located;
    }
    return undefined;
  }

  private async forward(fromPosition: ReadPosition, max: number, minOffset: number): Promise<Located[]> {
    const out: Located[] = [];
    if (max <= 0) return out;
    for await (const resolved of this.client.readAll({ fromPosition })) {
      const located = await this.toLocated(resolved);
      if (located && located.event.offset >= minOffset) out.push(located);
      if (out.length >= max) break;
    }
    return out;
  }

  private async tailBefore(anchor: Position, from: number): Promise<Located[]> {
    const out: Located[] = [];
    for await (const resolved of this.client.readAll({ direction: 'backwards', fromPosition: anchor })) {
      const prepare = Number(resolved.event?.position.prepare ?? -1);
      if (prepare < from) break;
      const located = await this.toLocated(resolved);
      if (located) out.push(located);
    }
    return out.reverse();
  }

  /** `from` itself when a record starts there, else `from - 1` (resume after), else 400. */
  private async anchor(from: number): Promise<Position> {
    for (const candidate of [from, from - 1]) {
      try {
        for await (const _ of this.client.readAll({ fromPosition: at(candidate), maxCount: 1 })) break;
        return at(candidate);
      } catch (e) {
        if (e instanceof UnavailableError) throw e;
      }
    }
    throw badRequest(
      'stream.invalid_offset',
      `offset ${from} is not an event offset (EventStoreDB offsets are sparse: resume from an offset Okapi returned, or that offset + 1)`,
    );
  }

  /**
   * A page event as Okapi sees it; undefined for system events, blob chunks and foreign types.
   * Stream reads on servers that do not report `$all` positions there give offset 0 (ESDB < 22).
   */
  async toLocated(resolved: AllStreamResolvedEvent): Promise<Located | undefined> {
    const e = resolved.event;
    if (!e || !PAGE_TYPES.has(e.type) || e.streamId.startsWith('$') || !e.isJson) return undefined;
    const data: unknown = isBlobRef(e.data) ? JSON.parse(await this.blobs.get(e.data.$okapiBlob)) : e.data;
    const event = {
      type: e.type,
      data: upcastPageEvent(e.type, data),
      offset: toOffsetOrZero(e.position),
      stream: e.streamId as StreamName,
      streamRevision: Number(e.revision),
      recordedAt: e.created.getTime(),
    } as RecordedEvent;
    return { event, position: e.position };
  }
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** 2^64-1 is the server's "no position" marker on stream reads. */
function toOffsetOrZero(position: Position | undefined): Offset {
  const n = Number(position?.prepare ?? 0);
  return (Number.isSafeInteger(n) ? n : 0) as Offset;
}
