import { pipeline } from 'node:stream/promises';
import { applyDecorators, Get } from '@nestjs/common';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BulkRef, downloadName, OpenedBulkFile } from '@okapi/adapters/storage';
import { BulkCatalog } from './bulk-catalog.service';
import { errorBody } from '../core/okapi-exception.filter';
import { parseByteRange } from './byte-range';

/** A download route: GET of a tar.gz (HEAD rides on it), with its OpenAPI summary. */
export function DownloadRoute(path: string, summary: string): MethodDecorator {
  return applyDecorators(Get(path), ApiOperation({ summary }), ApiProduces('application/gzip'));
}

/** Opens the file behind `ref` (404 when absent) and sends it under its WME download name. */
export async function downloadBulk(catalog: BulkCatalog, ref: BulkRef, req: Request, res: Response): Promise<void> {
  await sendBulkFile(req, res, await catalog.open(ref), downloadName(ref));
}

/**
 * Streams an opened bulk file with the headers WME's HEAD/GET downloads carry: Accept-Ranges,
 * Content-Length, ETag (the md5 `version`), Last-Modified, Content-Disposition; one `Range:
 * bytes=a-b` (206) or 416 past the end. HEAD sends the same headers without a body. The handle
 * was opened before any header is computed, so a rebuild renaming a new file into place does not
 * affect a download in progress: it completes from the old inode.
 */
export async function sendBulkFile(req: Request, res: Response, file: OpenedBulkFile, filename: string): Promise<void> {
  const size = file.stat.size;
  const { etag, lastModified } = validators(file);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Type', 'application/gzip');
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', lastModified);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);

  const ifRange = req.headers['if-range'];
  const rangeApplies = !ifRange || ifRange === etag || ifRange === lastModified;
  const range = rangeApplies ? parseByteRange(req.headers.range, size) : undefined;
  if (range === 'unsatisfiable') {
    await file.handle.close();
    res.setHeader('Content-Range', `bytes */${size}`);
    res
      .status(416)
      .type('application/json')
      .send(
        errorBody(416, 'bulk.range_not_satisfiable', `range ${req.headers.range} lies outside ${size} bytes`, req.url),
      );
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  res.status(range ? 206 : 200);
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || size === 0) {
    await file.handle.close();
    res.end();
    return;
  }
  const body = file.handle.createReadStream({ start, end, highWaterMark: 256 * 1024, autoClose: true });
  // A client that disconnects ends the pipeline with an error; the handle closes either way.
  await pipeline(body, res).catch(() => undefined);
}

/** ETag and Last-Modified: md5 and date when the metadata matches this very file; else a weak ETag from its inode. */
function validators(file: OpenedBulkFile): { etag: string; lastModified: string } {
  const { ino, size, mtimeMs } = file.stat;
  const etag = file.meta
    ? `"${file.meta.version}"`
    : `W/"${ino.toString(16)}-${size.toString(16)}-${Math.round(mtimeMs).toString(16)}"`;
  const lastModified = new Date(file.meta ? Date.parse(file.meta.date_modified) : mtimeMs).toUTCString();
  return { etag, lastModified };
}
