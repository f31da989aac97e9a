import type { Request, Response } from 'express';

/** WME content negotiation: JSON array by default, NDJSON with `Accept: application/x-ndjson`. */
export function wantsNdjson(req: Request): boolean {
  const accept = req.headers.accept;
  return accept !== undefined && accept.includes('application/x-ndjson');
}

/** Writes JSON texts as they are (no parse, no re-serialisation). */
export function sendDocuments(req: Request, res: Response, docs: readonly string[]): void {
  if (wantsNdjson(req)) {
    res.status(200).type('application/x-ndjson').send(`${docs.join('\n')}\n`);
  } else {
    res.status(200).type('application/json').send(`[${docs.join(',')}]`);
  }
}
