/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation").
 * Fed raw network chunks; returns the events completed by each chunk. An event whose
 * terminating blank line never arrived (the server closed mid-event) is never returned, so the
 * client resumes from the previous id and the server resends it whole.
 */
export interface SseMessage {
  /** The `event:` field; "message" when absent. */
  readonly event: string;
  /** Joined `data:` lines (LF between lines). */
  readonly data: string;
  /** The last `id:` seen so far (SSE ids persist across events until replaced). */
  readonly id?: string;
  /** Bytes of the raw event on the wire, for throughput figures. */
  readonly bytes: number;
}

export class SseParser {
  private pending = '';
  private decoder = new TextDecoder('utf-8');
  private lastId: string | undefined;
  /** Id of the last event actually dispatched: a half-received event's id must not survive it. */
  private dispatchedId: string | undefined;
  private event = '';
  private data: string[] = [];
  private hasData = false;
  private eventBytes = 0;

  constructor(lastEventId?: string) {
    this.lastId = lastEventId;
    this.dispatchedId = lastEventId;
  }

  /** Bytes received since the last completed event (0 means "between events"). */
  get partialBytes(): number {
    return this.eventBytes + this.pending.length;
  }

  push(chunk: Uint8Array): SseMessage[] {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const nl = nextLineEnd(text, start);
      if (nl < 0) break;
      const line = text.slice(start, nl);
      const skip = text[nl] === '\r' && text[nl + 1] === '\n' ? 2 : 1;
      // A lone CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (text[nl] === '\r' && nl + 1 === text.length) break;
      this.eventBytes += line.length + skip;
      start = nl + skip;
      const msg = this.line(line);
      if (msg) out.push(msg);
    }
    this.pending = text.slice(start);
    return out;
  }

  /** Forgets a half-received event (after a disconnect); keeps the id of the last complete event. */
  reset(): void {
    this.lastId = this.dispatchedId;
    this.pending = '';
    this.decoder = new TextDecoder('utf-8');
    this.event = '';
    this.data = [];
    this.hasData = false;
    this.eventBytes = 0;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment (":ok", heartbeats)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
        break; // "retry" and unknown fields: the client owns its backoff policy
    }
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const bytes = this.eventBytes;
    this.eventBytes = 0;
    if (!this.hasData) {
      this.event = '';
      return undefined;
    }
    const msg: SseMessage = { event: this.event || 'message', data: this.data.join('\n'), id: this.lastId, bytes };
    this.dispatchedId = this.lastId;
    this.event = '';
    this.data = [];
    this.hasData = false;
    return msg;
  }
}

function nextLineEnd(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (cr < 0) return lf;
  if (lf < 0) return cr;
  return Math.min(cr, lf);
}
