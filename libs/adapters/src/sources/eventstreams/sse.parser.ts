import { createParser, EventSourceParser } from 'eventsource-parser';

/**
 * Server-Sent Events for the EventStreams client: the wire format is parsed by eventsource-parser
 * (WHATWG "event stream interpretation"); this adapter adds what a resuming client needs on top.
 * Fed raw network chunks (UTF-8 decoded across chunk boundaries); returns the events completed by
 * each chunk. An event whose terminating blank line never arrived (the server closed mid-event)
 * is never returned, and `reset()` forgets its id, so the client resumes from the previous id and
 * the server resends it whole.
 */
export interface SseMessage {
  /** The `event:` field; "message" when absent. */
  readonly event: string;
  /** Joined `data:` lines (LF between lines). */
  readonly data: string;
  /** The last `id:` seen so far (SSE ids persist across events until replaced). */
  readonly id?: string;
}

export class SseParser {
  private readonly parser: EventSourceParser;
  private decoder = new TextDecoder('utf-8');
  /** Id of the last event dispatched: what a reconnect resumes after. */
  private lastId: string | undefined;
  private completed: SseMessage[] = [];

  constructor(lastEventId?: string) {
    this.lastId = lastEventId;
    this.parser = createParser({
      // Events without data (`event: ping` alone) are not dispatched (the standard's rule), and
      // with them an id sent alone: EventStreams always sends its id with the data.
      onEvent: (e) => {
        if (e.id !== undefined) this.lastId = e.id;
        this.completed.push({ event: e.event ?? 'message', data: e.data, id: this.lastId });
      },
    });
  }

  push(chunk: Uint8Array): SseMessage[] {
    this.parser.feed(this.decoder.decode(chunk, { stream: true }));
    const out = this.completed;
    this.completed = [];
    return out;
  }

  /** Forgets a half-received event (after a disconnect); keeps the id of the last complete event. */
  reset(): void {
    this.parser.reset();
    this.decoder = new TextDecoder('utf-8');
    this.completed = [];
  }
}
