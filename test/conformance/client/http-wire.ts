import { Agent, IncomingHttpHeaders, IncomingMessage, request } from 'node:http';

/** One HTTP exchange exactly as built by the caller (method, headers, body bytes): no defaults added. */
export interface WireRequest {
  readonly method: 'GET' | 'POST' | 'HEAD';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes to send; undefined sends no body at all. */
  readonly body?: Buffer;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly stream: IncomingMessage;
}

/** Keep-alive, as both SDKs' clients (Go http.Client, httpx.Client) reuse connections. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function send(r: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = String(r.body.length);
    const req = request(r.url, { method: r.method, headers, agent }, (res) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res }),
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

export async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Go's `do`: a status outside 200..226 is an error carrying the body text. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(body || `HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

export async function expectOk(res: WireResponse): Promise<WireResponse> {
  if (res.status >= 200 && res.status <= 226) return res;
  throw new HttpStatusError(res.status, (await readAll(res.stream)).toString('utf8'));
}

/** Closes every idle keep-alive socket (end of a suite). */
export function closeIdleSockets(): void {
  agent.destroy();
}
