import { ArticleJson, FieldsProjection, parseArticleSubject, StreamFormat, SubjectTokens } from '@okapi/projections';
import { BusMessage, OutgoingArticle, resumeId } from '@okapi/projections';
import { chunkOf } from './stream-wire';

/**
 * How one client wants messages encoded; built once per session, so the per-delivery lookup is
 * a single map probe with a ready key.
 */
export interface FrameView {
  readonly key: string;
  readonly format: StreamFormat;
  readonly fields: FieldsProjection | undefined;
  /** Framed as one HTTP/1.1 chunk, for writing straight to the socket (see StreamWire). */
  readonly chunked: boolean;
}

export function frameView(format: StreamFormat, fields: FieldsProjection | undefined, chunked: boolean): FrameView {
  return { key: `${format}|${chunked ? 'c' : ''}|${fields?.key ?? ''}`, format, fields, chunked };
}

/**
 * One firehose message as the gateway handles it. Parsing and encoding are memoised on the item:
 * a message delivered to a thousand clients is parsed at most once and encoded to bytes once per
 * distinct (format, fields) view, and every client of that view is written the same Buffer.
 */
export class StreamItem {
  readonly offset: number;
  readonly index: number;
  readonly count: number;
  readonly id: string;
  readonly data: string;
  private part: number | undefined;
  private parsed: ArticleJson | undefined;
  /** The frame of the most common view, then the others: most messages see one or two views. */
  private firstKey: string | undefined;
  private firstFrame: Buffer | undefined;
  private frames: Map<string, Buffer> | undefined;

  constructor(
    m: OutgoingArticle | BusMessage,
    readonly tokens: SubjectTokens,
  ) {
    this.offset = m.offset;
    this.index = m.index;
    this.count = m.count ?? 1;
    this.id = resumeId(m);
    this.data = m.data;
    this.part = m.partition;
  }

  /** WME `event.partition`: from the bus message, or (older messages) read from the Article. */
  get partition(): number {
    this.part ??= (this.article().event as { partition?: number } | undefined)?.partition ?? 0;
    return this.part;
  }

  static from(prefix: string, m: OutgoingArticle | BusMessage): StreamItem | undefined {
    const tokens = parseArticleSubject(prefix, m.subject);
    return tokens ? new StreamItem(m, tokens) : undefined;
  }

  article(): ArticleJson {
    this.parsed ??= JSON.parse(this.data) as ArticleJson;
    return this.parsed;
  }

  frame(view: FrameView): Buffer {
    if (this.firstFrame !== undefined && view.key === this.firstKey) return this.firstFrame;
    let f = this.frames?.get(view.key);
    if (f !== undefined) return f;
    f = this.encode(view);
    if (this.firstKey === undefined) {
      this.firstKey = view.key;
      this.firstFrame = f;
    } else {
      (this.frames ??= new Map()).set(view.key, f);
    }
    return f;
  }

  private encode(view: FrameView): Buffer {
    const json = view.fields ? JSON.stringify(view.fields.apply(this.article())) : this.data;
    // JSON.stringify never emits a raw newline, so one `data:` line always suffices.
    const bytes = Buffer.from(
      view.format === 'sse' ? `event: message\nid: ${this.id}\ndata: ${json}\n\n` : `${json}\n`,
      'utf8',
    );
    return view.chunked ? chunkOf(bytes) : bytes;
  }
}

/** SSE: a comment. NDJSON: a blank line, only for clients that asked (`Okapi-Stream-Extras: heartbeat`). */
export const HEARTBEAT: Readonly<Record<StreamFormat, Buffer>> = {
  sse: Buffer.from(': heartbeat\n\n'),
  ndjson: Buffer.from('\n'),
};
export const PREAMBLE: Readonly<Record<StreamFormat, string>> = { sse: ':ok\n\n', ndjson: '' };

/**
 * A final error after the stream started: SSE `event: error`, or one NDJSON line `{"error":...}`
 * (only for clients that asked with `Okapi-Stream-Extras: errors`; see StreamSession).
 */
export function errorFrame(format: StreamFormat, body: Record<string, unknown>): string {
  const json = JSON.stringify(body);
  return format === 'sse' ? `event: error\ndata: ${json}\n\n` : `${JSON.stringify({ error: body })}\n`;
}
