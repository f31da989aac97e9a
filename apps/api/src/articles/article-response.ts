import type { Request, Response } from 'express';

/** WME content negotiation: JSON array by default, NDJSON with `Accept: application/x-ndjson`. */
export function wantsNdjson(req: Request): boolean {
  const accept = req.headers.accept;
  return accept !== undefined && accept.includes('application/x-ndjson');
}

/**
 * Writes a ready body straight to Node's response: express's `send` would hash every body for an
 * ETag, which costs more than the lookup itself.
 */
export function sendBody(res: Response, body: Buffer, ndjson: boolean): void {
  res.writeHead(200, {
    'content-type': ndjson ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': body.length,
  });
  res.end(body);
}
