import type { NextFunction, Request, Response } from 'express';
import { OkapiError } from '@okapi/adapters/errors';

/**
 * Express error middleware placed right after the JSON body parser: Nest would turn its errors
 * into a generic 400 (losing the parser's `type`), so they become OkapiErrors with stable codes.
 */
export function bodyParserErrors() {
  return (err: unknown, req: Request, _res: Response, next: NextFunction): void => {
    const e = err as { type?: string; status?: number; expose?: boolean; limit?: number } | undefined;
    if (e?.type === 'request.json_too_deep')
      return next(new OkapiError('request.json_too_deep', 400, (err as Error).message));
    if (e?.type === 'entity.parse.failed')
      return next(new OkapiError('request.invalid_json', 400, 'request body is not valid JSON'));
    if (e?.type === 'entity.too.large')
      return next(
        new OkapiError('request.body_too_large', 413, `request body is larger than ${e.limit ?? 'the limit'} bytes`),
      );
    if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
      return next(new OkapiError('request.unsupported_encoding', 415, 'unsupported request body encoding'));
    // Any other refusal of the parser is the client's (http-errors marks it with a 4xx `status`):
    // a body that does not decompress as its Content-Encoding says (zlib / brotli errors carry no
    // `type`), a length that does not match Content-Length, a client that stopped sending.
    if (!(err instanceof OkapiError) && typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const encoding = req.headers['content-encoding'];
      if (e.type === undefined && encoding !== undefined)
        return next(
          new OkapiError('request.invalid_encoding', 400, 'request body is not valid for its Content-Encoding'),
        );
      return next(new OkapiError('request.unreadable_body', 400, 'request body could not be read'));
    }
    next(err);
  };
}
