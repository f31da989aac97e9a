import { createHash } from 'node:crypto';
import { decodeGo, GoType } from './go-decoder';
import { expectOk, readAll, send, WireRequest, WireResponse } from './http-wire';
import { iterLines, scanLines } from './line-scanner';
import { assertPythonDates } from './python-dates';
import { tarGzLines } from './tar-lines';
import { goBody, pythonBody, WmeRequest } from './wme-request';
import * as S from './wme-structs';

/**
 * A client that speaks to a WME-compatible API exactly as the official SDKs do on the wire
 * (wme-sdk-go `pkg/api/api.go` @5e6416f, wme-sdk-python `modules/api/api_client.py` @2f5fb36;
 * facts in ../shared/reference/wme-sdk-go.md):
 * - URLs `{base}v2/{path}` with base URLs ending in `/`;
 * - every getter is `POST` with the JSON `Request` (Go: empty body for a nil request; Python: `{}`);
 * - Go `StreamArticles` is `GET` with the JSON body, Python `stream_articles` is `POST`; both send
 *   `Accept: application/x-ndjson`, `Cache-Control: no-cache`, `Connection: keep-alive`;
 * - Go reads lines with a 20 MiB scanner and `json.Unmarshal`s each into its structs (an empty or
 *   non-Article line ends the stream with an error); Python skips blank lines and drops a line
 *   that fails to decode or whose Article dates are not `%Y-%m-%dT%H:%M:%SZ`. Here a dropped
 *   line is counted, so the suite can fail on it.
 * - downloads: `HEAD`, then parallel `Range` GETs written at their offsets (Go's ranges overlap by
 *   one byte and end at Content-Length; Python's do not), md5 of the whole = `version`.
 */
export type Flavour = 'go' | 'python';

export interface WmeClientOptions {
  readonly flavour: Flavour;
  /** API base URL ending in `/` (Okapi serves both hosts on one port). */
  readonly baseUrl: string;
  readonly realtimeUrl: string;
  readonly accessToken: string;
  /** Go: DownloadChunkSize (default 25 MiB), DownloadMinChunkSize (5 MiB); Python: download_chunk_size (20 MiB). */
  readonly downloadChunkSize?: number;
  readonly downloadMinChunkSize?: number;
  /** Go DownloadConcurrency / Python download_concurrency (default 10). */
  readonly downloadConcurrency?: number;
}

export interface HeadResult {
  readonly etag: string;
  readonly contentType: string;
  readonly acceptRanges: string;
  readonly lastModified?: Date;
  readonly contentLength: number;
}

export interface DownloadResult {
  readonly bytes: Buffer;
  readonly md5: string;
  readonly rangeRequests: number;
  readonly head: HeadResult;
}

/** What a stream callback returns: `stop` ends the stream (Go: the callback returns an error). */
export type StreamControl = 'continue' | 'stop';

export interface StreamResult {
  readonly articles: number;
  /** Python: lines dropped (blank lines skipped silently are not counted; decode failures are). */
  readonly dropped: readonly string[];
  readonly ended: 'stopped' | 'eof';
}

const GO_DEFAULTS = { chunk: 5_242_880 * 5, minChunk: 5_242_880 };
const PY_DEFAULT_CHUNK = 20_971_520;

export class WmeClient {
  constructor(private readonly o: WmeClientOptions) {}

  get flavour(): Flavour {
    return this.o.flavour;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const auth = `Bearer ${this.o.accessToken}`;
    // Go sets User-Agent to "" (net/http then sends none); httpx sends the SDK's own.
    const ua: Record<string, string> = this.o.flavour === 'python' ? { 'user-agent': 'WME Python SDK' } : {};
    return { ...ua, 'content-type': 'application/json', authorization: auth, ...extra };
  }

  private body(req: WmeRequest | undefined): Buffer {
    return this.o.flavour === 'go' ? goBody(req) : pythonBody(req);
  }

  private url(base: string, path: string): string {
    return `${base}v2/${path}`;
  }

  /** `getEntity`: POST with the Request, JSON decoded into `type` (strictly, as Go does). */
  async getEntity<T>(path: string, type: GoType, req?: WmeRequest): Promise<T> {
    const res = await expectOk(
      await send({
        method: 'POST',
        url: this.url(this.o.baseUrl, path),
        headers: this.headers(),
        body: this.body(req),
      }),
    );
    const value = JSON.parse((await readAll(res.stream)).toString('utf8')) as T;
    decodeGo(type, value);
    return value;
  }

  getCodes = (req?: WmeRequest) => this.getEntity<Record<string, unknown>[]>('codes', { slice: S.Code }, req);
  getCode = (id: string, req?: WmeRequest) => this.getEntity<Record<string, unknown>>(`codes/${id}`, S.Code, req);
  getLanguages = (req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>('languages', { slice: S.Language }, req);
  getLanguage = (id: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`languages/${id}`, S.Language, req);
  getProjects = (req?: WmeRequest) => this.getEntity<Record<string, unknown>[]>('projects', { slice: S.Project }, req);
  getProject = (id: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`projects/${id}`, S.Project, req);
  getNamespaces = (req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>('namespaces', { slice: S.Namespace }, req);
  getNamespace = (id: number, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`namespaces/${id}`, S.Namespace, req);
  getArticles = (name: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>(`articles/${name}`, { slice: S.Article }, req);
  getStructuredContents = (name: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>(`structured-contents/${name}`, { slice: S.StructuredContent }, req);
  getSnapshots = (req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>('snapshots', { slice: S.Snapshot }, req);
  getSnapshot = (id: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`snapshots/${id}`, S.Snapshot, req);
  getChunks = (sid: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>(`snapshots/${sid}/chunks`, { slice: S.Snapshot }, req);
  getChunk = (sid: string, id: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`snapshots/${sid}/chunks/${id}`, S.Snapshot, req);
  /** Batches: `batches/{YYYY-MM-DD}/{HH}` (Go DateFormat "2006-01-02/15"; Python DATE_FORMAT + HOUR_FORMAT). */
  getBatches = (hour: Date, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>[]>(batchPrefix(hour), { slice: S.Snapshot }, req);
  getBatch = (hour: Date, id: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`${batchPrefix(hour)}/${id}`, S.Snapshot, req);
  /** The Go and older Python SDKs list structured-contents snapshots with a trailing slash; the newest Python without. */
  getStructuredSnapshots = (req?: WmeRequest, trailingSlash = true) =>
    this.getEntity<Record<string, unknown>[]>(
      `snapshots/structured-contents${trailingSlash ? '/' : ''}`,
      { slice: S.Snapshot },
      req,
    );
  getStructuredSnapshot = (id: string, req?: WmeRequest) =>
    this.getEntity<Record<string, unknown>>(`snapshots/structured-contents/${id}`, S.Snapshot, req);

  /** `headEntity`: ETag unquoted, Last-Modified parsed as RFC 1123, Content-Length as an integer. */
  async head(path: string): Promise<HeadResult> {
    const res = await expectOk(
      await send({ method: 'HEAD', url: this.url(this.o.baseUrl, path), headers: this.headers() }),
    );
    res.stream.resume();
    const h = res.headers;
    const lm = h['last-modified'];
    if (lm !== undefined && !/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(lm))
      throw new Error(`parsing time "${lm}" as RFC1123`);
    const cl = h['content-length'];
    if (cl !== undefined && !/^\d+$/.test(cl)) throw new Error(`strconv.Atoi: parsing "${cl}": invalid syntax`);
    return {
      etag: (h.etag ?? '').replace(/^"|"$/g, ''),
      contentType: h['content-type'] ?? '',
      acceptRanges: h['accept-ranges'] ?? '',
      lastModified: lm ? new Date(lm) : undefined,
      contentLength: Number(cl ?? 0),
    };
  }

  /** `downloadEntity`: HEAD, then parallel Range requests written at their offsets. */
  async download(path: string): Promise<DownloadResult> {
    const head = await this.head(path);
    const size = head.contentLength;
    const ranges = this.o.flavour === 'go' ? this.goRanges(size) : this.pythonRanges(size);
    const out = Buffer.alloc(size);
    const queue = [...ranges];
    const worker = async (): Promise<void> => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const res = await expectOk(
          await send({
            method: 'GET',
            url: this.url(this.o.baseUrl, path),
            // No body: Go's zero-length reader on GET and httpx both send none.
            headers: this.headers({ range: `bytes=${r.start}-${r.end}` }),
          }),
        );
        const data = await readAll(res.stream);
        // Go: io.CopyN(end-start) bytes at start; Python: the whole part at start.
        const n = this.o.flavour === 'go' ? r.end - r.start : data.length;
        data.copy(out, r.start, 0, Math.min(n, data.length));
      }
    };
    await Promise.all(Array.from({ length: this.o.downloadConcurrency ?? 10 }, worker));
    return { bytes: out, md5: createHash('md5').update(out).digest('hex'), rangeRequests: ranges.length, head };
  }

  /** Go: chunk size DownloadChunkSize (DownloadMinChunkSize for small files), `bytes=i*c-(i*c+c)` clamped to the length. */
  private goRanges(size: number): { start: number; end: number }[] {
    const minChunk = this.o.downloadMinChunkSize ?? GO_DEFAULTS.minChunk;
    const csz = size < minChunk ? minChunk : (this.o.downloadChunkSize ?? GO_DEFAULTS.chunk);
    const out: { start: number; end: number }[] = [];
    for (let i = 0; ; i++) {
      const c = { start: i * csz, end: Math.min(i * csz + csz, size) };
      out.push(c);
      if (c.end === size) return out;
    }
  }

  /** Python: `(i, min(i + chunk, length) - 1)` for i in range(0, length, chunk). */
  private pythonRanges(size: number): { start: number; end: number }[] {
    const chunk = Math.min(this.o.downloadChunkSize ?? PY_DEFAULT_CHUNK, size);
    const out: { start: number; end: number }[] = [];
    for (let i = 0; i < size; i += chunk) out.push({ start: i, end: Math.min(i + chunk, size) - 1 });
    return out;
  }

  /** `readEntity` / `ReadAll`: GET the tar.gz, every entry's lines decoded as `type` (Go) or JSON (Python). */
  async readTarGz(
    path: string,
    type: GoType,
    cbk: (record: Record<string, unknown>, entry: string) => void,
  ): Promise<{ records: number; entries: Set<string> }> {
    const res = await expectOk(
      await send({ method: 'GET', url: this.url(this.o.baseUrl, path), headers: this.headers() }),
    );
    let records = 0;
    const entries = new Set<string>();
    for await (const { entry, line } of tarGzLines(res.stream)) {
      entries.add(entry);
      if (this.o.flavour === 'python' && line.toString('utf8').trim() === '') continue;
      const value = JSON.parse(line.toString('utf8')) as Record<string, unknown>;
      decodeGo(type, value);
      records++;
      cbk(value, entry);
    }
    return { records, entries };
  }

  /**
   * `StreamArticles` (Go: GET + JSON body) / `stream_articles` (Python: POST). Calls `cbk` per
   * Article; Go fails on the first undecodable line, Python drops it (counted in `dropped`).
   */
  async streamArticles(
    req: WmeRequest | undefined,
    cbk: (article: Record<string, unknown>) => StreamControl,
    signal?: AbortSignal,
  ): Promise<StreamResult> {
    const wire: WireRequest = {
      method: this.o.flavour === 'go' ? 'GET' : 'POST',
      url: this.url(this.o.realtimeUrl, 'articles'),
      headers: this.headers({
        'cache-control': 'no-cache',
        accept: 'application/x-ndjson',
        connection: 'keep-alive',
      }),
      body: this.body(req),
    };
    const res: WireResponse = await expectOk(await send(wire));
    const stop = (): void => void res.stream.destroy();
    signal?.addEventListener('abort', stop, { once: true });
    let articles = 0;
    const dropped: string[] = [];
    try {
      if (this.o.flavour === 'go') {
        for await (const line of scanLines(res.stream)) {
          const text = line.toString('utf8');
          let value: Record<string, unknown>;
          try {
            value = JSON.parse(text) as Record<string, unknown>;
          } catch {
            throw new Error(text === '' ? 'unexpected end of JSON input' : `invalid character in ${text.slice(0, 80)}`);
          }
          decodeGo(S.Article, value);
          articles++;
          if (cbk(value) === 'stop') return { articles, dropped, ended: 'stopped' };
        }
      } else {
        for await (const raw of iterLines(res.stream)) {
          const line = raw.trim();
          if (!line) continue; // the Python SDK skips blank lines
          let value: Record<string, unknown>;
          try {
            value = JSON.parse(line) as Record<string, unknown>;
            assertPythonDates(value);
          } catch (e) {
            dropped.push(`${(e as Error).message}: ${line.slice(0, 120)}`);
            continue;
          }
          articles++;
          if (cbk(value) === 'stop') return { articles, dropped, ended: 'stopped' };
        }
      }
      return { articles, dropped, ended: 'eof' };
    } catch (e) {
      if (signal?.aborted) return { articles, dropped, ended: 'stopped' };
      throw e;
    } finally {
      signal?.removeEventListener('abort', stop);
      stop();
    }
  }
}

function batchPrefix(hour: Date): string {
  const iso = hour.toISOString();
  return `batches/${iso.slice(0, 10)}/${iso.slice(11, 13)}`;
}
