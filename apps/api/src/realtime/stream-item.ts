import { ArticleJson, FieldsProjection, parseArticleSubject, StreamFormat, SubjectTokens } from '@okapi/projections';
import { BusMessage, OutgoingArticle, resumeId } from '@okapi/adapters/bus/article-bus.port';

/**
 * One firehose message as the gateway handles it. Parsing and serialising are memoised on the
 * item, so a message delivered to a thousand clients is parsed at most once and encoded once per
 * distinct (format, fields) pair.
 */
export class StreamItem {
  readonly offset: number;
  readonly index: number;
  readonly count: number;
  readonly id: string;
  private parsed: ArticleJson | undefined;
  private readonly frames = new Map<string, string>();

  constructor(
    m: OutgoingArticle | BusMessage,
    readonly tokens: SubjectTokens,
  ) {
    this.offset = m.offset;
    this.index = m.index;
    this.count = m.count ?? 1;
    this.id = resumeId(m);
    this.data = m.data;
  }

  readonly data: string;

  static from(prefix: string, m: OutgoingArticle | BusMessage): StreamItem | undefined {
    const tokens = parseArticleSubject(prefix, m.subject);
    return tokens ? new StreamItem(m, tokens) : undefined;
  }

  article(): ArticleJson {
    this.parsed ??= JSON.parse(this.data) as ArticleJson;
    return this.parsed;
  }

  frame(format: StreamFormat, fields: FieldsProjection | undefined): string {
    const key = `${format}|${fields?.key ?? ''}`;
    let f = this.frames.get(key);
    if (f === undefined) {
      const json = fields ? JSON.stringify(fields.apply(this.article())) : this.data;
      // JSON.stringify never emits a raw newline, so one `data:` line always suffices.
      f = format === 'sse' ? `event: message\nid: ${this.id}\ndata: ${json}\n\n` : `${json}\n`;
      this.frames.set(key, f);
    }
    return f;
  }
}

export const HEARTBEAT: Readonly<Record<StreamFormat, string>> = { sse: ': heartbeat\n\n', ndjson: '\n' };
export const PREAMBLE: Readonly<Record<StreamFormat, string>> = { sse: ':ok\n\n', ndjson: '' };

/** A final error after the stream started: SSE `event: error`, or one NDJSON line `{"error":...}`. */
export function errorFrame(format: StreamFormat, body: Record<string, unknown>): string {
  const json = JSON.stringify(body);
  return format === 'sse' ? `event: error\ndata: ${json}\n\n` : `${JSON.stringify({ error: body })}\n`;
}
